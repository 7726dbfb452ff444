/**
 * Keyboard, accessibility and fixing findings, in Debian's chromium on the real service: an axe-core audit
 * of the main screens (no serious or critical violation), a finding on 附件2 预算部门名称 that leads to its
 * field and goes once fixed, a file imported into a year that already has a package (merge, with the
 * field-by-field preview), and a unit head who logs in, fills 附件1 and submits without touching the mouse.
 */
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fieldLabel, type Package } from '@jixiao/core';
import { EXAMPLE, SHOTS, apiSession, launchBrowser, missingForBrowser, startService, userSteps, type Running } from './browser-support.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const UNIT = '岳阳市岳阳楼区吕仙亭街道办事处';
const missing = missingForBrowser;
if (missing) console.warn(`跳过键盘与无障碍端到端测试：${missing}`);

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core on what the page shows now: the serious and critical violations, as "rule: selector". */
async function audit(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: Violation[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}（${v.help}）：${n.target.join(' ')}`));
}

/** What has the keyboard focus: its element, test name, path and whether it is inside a table. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? '',
      test: el?.closest('[data-test]')?.getAttribute('data-test') ?? '',
      open: el?.getAttribute('data-open') ?? '',
      row: el?.closest('.el-table__row')?.textContent ?? '',
      sheet: el?.closest('[data-sheet]')?.getAttribute('data-sheet') ?? '',
      field: el?.closest('[data-field]')?.getAttribute('data-field') ?? '',
      name: el?.getAttribute('name') ?? '',
      label: el?.getAttribute('aria-label') ?? '',
      text: el?.textContent?.trim() ?? '',
    };
  });
}

/** Presses `key` until the focus is where `reached` says, as a keyboard user would; fails after `limit` presses. */
async function pressUntil(page: Page, key: string, reached: (f: Awaited<ReturnType<typeof focused>>) => boolean, limit = 200) {
  for (let i = 0; i <= limit; i++) {
    if (reached(await focused(page))) return;
    if (i < limit) await page.keyboard.press(key);
  }
  throw new Error(`按 ${limit} 次 ${key} 仍未到达目标，焦点在：${JSON.stringify(await focused(page))}`);
}

describe.skipIf(missing !== null)('keyboard, accessibility and fixing findings in chromium', () => {
  let service: Running;
  let browser: Browser;
  let page: Page;
  let steps: ReturnType<typeof userSteps>;
  let packageId = '';
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-keys-'));

  beforeAll(async () => {
    service = await startService();
    browser = await launchBrowser();
    // The service's Content-Security-Policy admits only its own scripts: axe-core is let in for the audit.
    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
    page.setDefaultTimeout(20_000);
    steps = userSteps(page, service);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has no serious or critical axe-core violation on the login, the package list and each tab of the editor', async () => {
    const found: Record<string, string[]> = {};
    await page.goto(`${service.base}#/login`);
    await page.locator('input[name=username]').waitFor();
    found['登录'] = await audit(page);
    await steps.shot('15k-login');
    await page.setViewportSize({ width: 390, height: 844 });
    found['登录（手机）'] = await audit(page);
    await steps.shot('15k-login-390');
    await page.setViewportSize({ width: 1366, height: 768 });
    await steps.login('tianbao');
    const own = page.locator('[data-test=package-list] .el-table__row', { hasText: '吕仙亭' }).locator('[data-open]');
    await own.first().waitFor();
    packageId = (await own.first().getAttribute('data-open')) ?? '';
    found['自评包列表'] = await audit(page);
    await steps.openPackage(packageId);
    for (const tab of [/附件1/, /附件2/, /附件3/, /附件4/, /报告/]) {
      await page.getByRole('tab', { name: tab }).click();
      await page.waitForTimeout(300);
      found[`编辑 ${tab.source}`] = await audit(page);
    }
    await page.getByRole('tab', { name: /附件1/ }).click();
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((k) => [k, []])));
  });

  it('names each table by its form title and each cell by its row and column, in Chinese', async () => {
    await steps.openPackage(packageId);
    const control = page.locator('[data-sheet=control]');
    expect(await control.getAttribute('aria-label')).toBe('附件1 经费控制情况(万元)');
    expect(await control.getAttribute('role')).toBe('group');
    await steps.cell('basicData.rows.reception.actual').click();
    const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'));
    expect(label).toContain('公务接待');
    expect(label).toContain('本年决算数：4.07');
  });

  it('leads from the 附件2 预算部门名称 finding to its field; fixed, the finding goes', async () => {
    await steps.openPackage(packageId);
    const finding = page.locator('.findings .finding[data-path="overall.unitName"]');
    await finding.waitFor();
    expect(await finding.textContent()).toContain('预算部门名称');
    await finding.click();
    await expect.poll(async () => (await focused(page)).field).toBe('overall.unitName');
    expect((await focused(page)).tag).toBe('textarea');
    expect((await focused(page)).label).toBe('预算部门名称');
    await steps.shot('15k-finding-unit-name');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('[data-field="overall.unitName"]').scrollIntoViewIfNeeded();
    await steps.shot('15k-finding-unit-name-390');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.locator('[data-field="overall.unitName"] textarea').focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type(UNIT);
    await finding.waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('[data-test=save-state]').textContent(), { timeout: 15_000 }).toBe('已保存');
    const saved = (await (await page.request.get(`${service.base}api/packages/${packageId}`)).json()) as { data: Package };
    expect(saved.data.overall?.unitName).toBe(UNIT);
  });

  it('imports a file into the year the unit already has: previews the merge field by field and keeps the typed values', async () => {
    const file = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Package;
    file.signature.filler = '王导入';
    if (file.basicData?.staffing) file.basicData.staffing.authorized = '50';
    const path = join(dir, '吕仙亭-2023.json');
    writeFileSync(path, JSON.stringify(file));
    await page.goto(`${service.base}#/packages`);
    await page.locator('[data-test=import-new]').click();
    await page.locator('[data-test=import-file]').setInputFiles(path);
    await page.locator('[data-test=import-changes]').waitFor();
    expect(await page.locator('[data-test=import-not-yet]').textContent()).toContain('已有自评包');
    const rows = page.locator('[data-test=import-changes] .el-table__row');
    // 替换 (the default) would change the typed 编制数 48 to the file's 50.
    await expect.poll(() => rows.filter({ hasText: fieldLabel('basicData.staffing.authorized') }).count()).toBe(1);
    await page.locator('[data-test=import-mode-merge]').click();
    await expect.poll(() => rows.filter({ hasText: fieldLabel('basicData.staffing.authorized') }).count()).toBe(0);
    await expect.poll(() => rows.filter({ hasText: '王导入' }).count()).toBe(1);
    expect(await page.locator('[data-test=import-accept]').textContent()).toContain('合并');
    await page.locator('[data-test=import-changes]').scrollIntoViewIfNeeded();
    await steps.shot('15k-import-merge-preview');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('[data-test=import-changes]').scrollIntoViewIfNeeded();
    await steps.shot('15k-import-merge-preview-390');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.locator('[data-test=import-accept]').click();
    await page.locator('[data-sheet=control]').waitFor();
    expect(decodeURIComponent(page.url().split('#/packages/')[1] ?? '')).toBe(packageId);
    await expect.poll(() => steps.cell('basicData.staffing.authorized').textContent()).toBe('48');
    await page.locator('[data-test=history]').click();
    await expect.poll(() => page.locator('[data-test=versions]').textContent()).toContain('导入（合并）');
    await steps.shot('15k-import-merge-history');
    await page.keyboard.press('Escape');
    await page.locator('.el-drawer').waitFor({ state: 'hidden' });
  });

  it('lets a unit head log in, fill 附件1 and submit with the keyboard alone', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const keys = await context.newPage();
    keys.setDefaultTimeout(20_000);
    // Every press of a mouse button or a finger, counted: there must be none.
    await keys.addInitScript(() => {
      (window as unknown as { pointerPresses: number }).pointerPresses = 0;
      window.addEventListener('pointerdown', () => (window as unknown as { pointerPresses: number }).pointerPresses++, true);
    });
    await keys.goto(`${service.base}#/login`);
    await keys.locator('input[name=username]').waitFor();
    await pressUntil(keys, 'Tab', (f) => f.name === 'username');
    await keys.keyboard.type('fuzeren');
    await keys.keyboard.press('Tab');
    expect((await focused(keys)).name).toBe('password');
    await keys.keyboard.type(service.password);
    await keys.keyboard.press('Enter');
    await keys.locator('[data-test=who]').waitFor();
    await keys.locator('[data-test=package-list] [data-open]').first().waitFor();
    await pressUntil(keys, 'Tab', (f) => f.open === packageId);
    await keys.keyboard.press('Enter');
    await keys.locator('[data-sheet=control]').waitFor();

    // Into the first table; Tab runs through its cells and out at its last one, into the next table.
    await pressUntil(keys, 'Tab', (f) => f.sheet === 'staffing');
    await pressUntil(keys, 'Tab', (f) => f.sheet !== 'staffing', 40);
    expect((await focused(keys)).sheet).toBe('control');
    // 购置 and 运行维护 of 公务用车: none (0) this year and last; the sum still matches 公务用车's 0.
    await keys.keyboard.press('ArrowDown');
    await keys.keyboard.press('ArrowDown');
    expect((await focused(keys)).label).toMatch(/购置.* 上年决算数/);
    for (const value of ['0', '0', '0']) {
      await keys.keyboard.type(value);
      await keys.keyboard.press('Tab');
    }
    await keys.keyboard.press('ArrowDown');
    for (let i = 0; i < 3; i++) await keys.keyboard.press('ArrowLeft');
    expect((await focused(keys)).label).toMatch(/运行.* 上年决算数/);
    for (const value of ['0', '0', '0']) {
      await keys.keyboard.type(value);
      await keys.keyboard.press('Tab');
    }
    const cellText = (path: string) => keys.locator(`.sheet-cell[data-path="${path}"]`).textContent();
    for (const row of ['vehiclePurchase', 'vehicleOperation']) {
      for (const col of ['prior', 'budget', 'actual'])
        await expect.poll(() => cellText(`basicData.rows.${row}.${col}`)).toMatch(/^0(\.00)?$/);
    }
    // Esc leaves the table: the focus goes on to what follows it on the page.
    await keys.keyboard.press('Escape');
    const after = await focused(keys);
    expect(after.sheet).toBe('');
    expect(after.test).toBe('row-add');
    await keys.screenshot({ path: join(SHOTS, '15k-keyboard-esc-left-table.png') });

    // Back to the toolbar and submit; a confirmation, where there is one, is answered with the keyboard too.
    await pressUntil(keys, 'Shift+Tab', (f) => f.test === 'submit', 300);
    await keys.keyboard.press('Enter');
    const status = keys.locator('.package-view [data-test=status]');
    for (let i = 0; i < 50 && (await status.textContent()) !== '已提交'; i++) {
      const box = keys.locator('.el-message-box, .el-dialog').filter({ visible: true });
      if ((await box.count()) > 0) {
        await pressUntil(keys, 'Tab', (f) => /确定|提交|确认/.test(f.text) && f.tag === 'button', 20);
        await keys.keyboard.press('Enter');
      }
      await keys.waitForTimeout(200);
    }
    await expect.poll(() => status.textContent()).toBe('已提交');
    expect(await keys.evaluate(() => (window as unknown as { pointerPresses: number }).pointerPresses)).toBe(0);
    await context.close();
  });

  it('answers a finding about an empty list with its first row, ready to type in', async () => {
    const api = await apiSession(service.base, 'tianbao', service.password);
    const me = await api('GET', '/auth/me');
    const { orgId } = me.body.user as { orgId: string };
    const created = await api('POST', '/packages', { orgId, year: 2024, from: 'blank' });
    expect(created.body).toMatchObject({ year: 2024, orgId });
    await steps.openPackage(String(created.body.id));
    const finding = page.locator('.findings .finding[data-path="overall.indicators"]', { hasText: '没有填写任何绩效指标' });
    await finding.focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused(page)).sheet).toBe('overall-indicators');
    expect(await page.locator('[data-sheet=overall-indicators] .sheet-row').count()).toBe(1);
    await page.keyboard.type('产出指标');
    await page.keyboard.press('Enter');
    await finding.waitFor({ state: 'detached' });
    await steps.shot('15k-finding-empty-list');
  });

  it('has no serious or critical axe-core violation where the department reviews the submitted package', async () => {
    await steps.logout();
    await steps.login('bumen');
    await steps.openPackage(packageId);
    await page.getByRole('button', { name: '审核通过', exact: true }).waitFor();
    const found: Record<string, string[]> = { 审核: await audit(page) };
    await page.getByRole('tab', { name: /附件2/ }).click();
    await page.waitForTimeout(300);
    found['审核 附件2'] = await audit(page);
    expect(found).toEqual({ 审核: [], '审核 附件2': [] });
  });
});
