/**
 * End to end in Debian's chromium: the rectification loop and batch work of reviewers (issue 14,
 * items 4 and 5). The department returns 吕仙亭's package with two points; the unit answers both
 * (整改说明, marked done) and resubmits; the department sees the change beside the field's point,
 * accepts both and approves. Then the department approves three packages at once, the finance bureau
 * approves a batch in which one package was returned meanwhile (reported, the others done) and
 * publishes three with progress, and exports them as a ZIP. Screenshots (prefix 14b-) at 1366×768 and 390 px.
 */
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  type ApiCall,
  EXAMPLE,
  apiSession,
  launchBrowser,
  missingForBrowser,
  startService,
  userSteps,
  type Running,
} from './browser-support.js';

const missing = missingForBrowser;
if (missing) console.warn(`跳过批量审核与整改的端到端测试：${missing}`);

const STREETS = '岳阳市岳阳楼区人民政府（街道主管部门）';
const LVXIANTING = '岳阳市岳阳楼区吕仙亭街道办事处';
const DONGTING = '岳阳市岳阳楼区洞庭街道办事处';
const NEW_UNITS = ['岳阳市岳阳楼区枫桥湖街道办事处', '岳阳市岳阳楼区望岳路街道办事处'];

describe.skipIf(missing !== null)('rectification and batch work in chromium', () => {
  let service: Running;
  let browser: Browser;
  let page: Page;
  let steps: ReturnType<typeof userSteps>;
  const ids = new Map<string, string>();

  /** A new unit under the street department with its own 单位负责人, its 2023 package (the real seed, renamed) submitted. */
  async function submittedUnit(admin: ApiCall, name: string, username: string): Promise<void> {
    const orgs = (await admin('GET', '/orgs')).body.orgs as { id: string; name: string }[];
    const org = (await admin('POST', '/orgs', { name, kind: 'unit', parentId: orgs.find((o) => o.name === STREETS)?.id })).body;
    const first = 'batch-first-pass-1';
    await admin('POST', '/users', {
      username,
      displayName: `${name.slice(7, 10)} 负责人`,
      password: first,
      role: 'unit_head',
      orgId: org.id,
    });
    // An account an administrator made changes its password before anything else.
    const login = await fetch(`${service.base}api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: first }),
    });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const changed = await fetch(`${service.base}api/auth/password`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: first, newPassword: 'batch-second-pass-2' }),
    });
    expect(changed.status).toBe(200);
    const head = await apiSession(service.base, username, 'batch-second-pass-2');
    const seed = JSON.parse(readFileSync(EXAMPLE, 'utf8')) as { unit: Record<string, string> };
    const created = await head('POST', '/packages', {
      orgId: org.id,
      year: 2023,
      from: 'data',
      data: { ...seed, unit: { ...seed.unit, name, department: STREETS } },
    });
    const submitted = await head('POST', `/packages/${String(created.body.id)}/submit`, { version: created.body.version });
    expect(submitted.body.status).toBe('submitted');
    ids.set(name, String(created.body.id));
  }

  /** A screenshot at 1366×768 and the same screen at 390 px wide. */
  async function shots(name: string): Promise<void> {
    await steps.shot(`14b-${name}`);
    await page.setViewportSize({ width: 390, height: 844 });
    await steps.shot(`14b-${name}-390`);
    await page.setViewportSize({ width: 1366, height: 768 });
  }

  const row = (id: string) => page.locator(`.el-table__row:has([data-open="${id}"])`);
  const select = async (id: string) => row(id).locator('.el-checkbox').first().click();

  beforeAll(async () => {
    service = await startService();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    page.setDefaultTimeout(20_000);
    steps = userSteps(page, service);
    const finance = await apiSession(service.base, 'caizheng', service.password);
    const list = (await finance('GET', '/packages?year=2023')).body.packages as { id: string; orgName: string }[];
    for (const p of list) ids.set(p.orgName, p.id);
    // 吕仙亭 submits its real 2023 package.
    const head = await apiSession(service.base, 'fuzeren', service.password);
    const pkg = (await head('GET', `/packages/${ids.get(LVXIANTING)}`)).body;
    expect((await head('POST', `/packages/${ids.get(LVXIANTING)}/submit`, { version: pkg.version })).body.status).toBe('submitted');
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('returns with two points, the unit answers both and resubmits, the department sees the change and accepts', async () => {
    const id = ids.get(LVXIANTING) as string;
    const field = 'basicData.rows.overseas.budget';
    await steps.login('bumen');
    await steps.openPackage(id);
    await steps.cell(field).click();
    await page.locator('[data-test=add-comment]').click();
    await page.locator('.el-message-box input').fill('出国经费本年预算数请填 0，不要留空');
    await page.locator('.el-message-box').getByRole('button', { name: '添加' }).click();
    await page.locator('[data-test=return]').click();
    await page.locator('.el-dialog textarea').fill('三公经费填写不完整，请修改后重新提交');
    await page.locator('[data-test=return-confirm]').click();
    await expect.poll(() => steps.status().textContent()).toBe('主管部门退回');
    await steps.logout();

    // The unit: the banner says what is outstanding; submitting before answering is refused, saying why.
    await steps.login('fuzeren');
    await steps.openPackage(id);
    const banner = page.locator('[data-test=rectification-banner]');
    await expect.poll(() => banner.textContent()).toContain('待答复 2 条');
    await shots('rectification-banner');
    await page.locator('[data-test=submit]').click();
    await steps.confirmAct();
    await expect.poll(() => page.locator('.el-message--error').textContent()).toContain('还有 2 条整改意见未答复');
    await steps.typeInto(field, '0');
    await expect.poll(() => page.locator('[data-test=save-state]').textContent(), { timeout: 15_000 }).toBe('已保存');
    await page.locator('[data-test=rectification-open]').click();
    const drawer = page.locator('[data-test=rectification-drawer]');
    // Element Plus puts an input's attributes on the native textarea.
    const answerBox = (n: number) => drawer.locator(`textarea[data-answer="${n}"], [data-answer="${n}"] textarea`);
    await drawer.locator('[data-point="1"]').waitFor();
    expect(await drawer.locator('[data-point="1"] [data-test=point-message]').textContent()).toBe('三公经费填写不完整，请修改后重新提交');
    expect(await drawer.locator('[data-point="2"] [data-test=point-message]').textContent()).toBe('出国经费本年预算数请填 0，不要留空');
    await answerBox(1).fill('已补全三公经费各项的预算数与决算数。');
    await drawer.locator('[data-point="1"] .answer .el-checkbox').click();
    await drawer.locator('[data-save-answer="1"]').click();
    await expect.poll(() => drawer.locator('[data-point="1"]').getAttribute('data-state')).toBe('done');
    await answerBox(2).fill('出国经费本年预算数已填 0。');
    await drawer.locator('[data-point="2"] .answer .el-checkbox').click();
    await shots('rectification-answer');
    await drawer.locator('[data-save-answer="2"]').click();
    await expect.poll(() => drawer.locator('[data-point="2"]').getAttribute('data-state')).toBe('done');
    await page.keyboard.press('Escape');
    await expect.poll(() => banner.textContent()).toContain('待答复 0 条');
    await page.locator('[data-test=submit]').click();
    await steps.confirmAct();
    await expect.poll(() => steps.status().textContent()).toBe('已提交');
    await steps.logout();

    // The department: beside the field's point, the change since the return; it accepts both and approves.
    await steps.login('bumen');
    await steps.openPackage(id);
    await expect.poll(() => banner.textContent()).toContain('2 条整改意见待您确认');
    await page.locator('[data-test=approve]').click();
    await steps.confirmAct();
    await expect.poll(() => page.locator('.el-message--error').textContent()).toContain('2 条整改意见未确认');
    await page.locator('[data-test=rectification-open]').click();
    const fieldPoint = drawer.locator('[data-point="2"]');
    await expect.poll(() => fieldPoint.locator('[data-test=point-changes]').textContent()).toContain('该字段的修改：1 处');
    expect((await fieldPoint.locator('[data-test=point-change]').textContent())?.replace(/\s+/g, '')).toBe('（空）→0');
    expect(await fieldPoint.locator('[data-test=point-entries]').textContent()).toContain('出国经费本年预算数已填 0。');
    await shots('rectification-review');
    await drawer.locator('[data-decide="accept-1"]').click();
    await expect.poll(() => drawer.locator('[data-point="1"]').getAttribute('data-state')).toBe('accepted');
    await drawer.locator('[data-decide="accept-2"]').click();
    await expect.poll(() => fieldPoint.getAttribute('data-state')).toBe('accepted');
    // The exchange prints as the 整改情况 appendix of the Word document.
    const printing = page.waitForEvent('download');
    await drawer.locator('[data-test=rectification-docx]').click();
    const printed = unzipSync(new Uint8Array(readFileSync((await (await printing).path()) as string)));
    const xml = strFromU8(printed['word/document.xml'] as Uint8Array);
    for (const text of ['整改情况', '出国经费本年预算数已填 0。', '确认整改', '已确认']) expect(xml).toContain(text);
    await page.keyboard.press('Escape');
    await page.locator('[data-test=approve]').click();
    await steps.confirmAct();
    await expect.poll(() => steps.status().textContent()).toBe('主管部门审核通过');
    await expect.poll(() => banner.textContent()).toContain('已确认 2 条');
  });

  it('approves three at once in the department, with a confirmation saying what happens next', async () => {
    const admin = await apiSession(service.base, 'admin', service.password);
    await submittedUnit(admin, NEW_UNITS[0]!, 'fengqiaohu');
    await submittedUnit(admin, NEW_UNITS[1]!, 'wangyuelu');
    const batch = [DONGTING, ...NEW_UNITS].map((n) => ids.get(n) as string);
    await page.goto(`${service.base}#/review`);
    for (const id of batch) await row(id).waitFor();
    for (const id of batch) await select(id);
    await expect.poll(() => page.locator('[data-test=batch-count]').textContent()).toBe('已选 3 个');
    await shots('batch-list');
    // A return: one reason for all, or one reason each; nothing is sent until confirmed.
    await page.locator('[data-test=batch-return]').click();
    const dialog = page.locator('[data-test=batch-dialog]');
    await dialog.getByText('逐个填写理由').click();
    await expect.poll(() => dialog.locator('[data-reason]').count()).toBe(3);
    expect(await dialog.locator('[data-test=batch-next]').textContent()).toContain('填写整改说明并标记“已整改”后才能重新提交');
    await shots('batch-return');
    await dialog.getByRole('button', { name: '取消' }).click();
    await page.locator('[data-test=batch-approve]').click();
    await expect.poll(() => dialog.locator('[data-test=batch-summary]').textContent()).toContain('将审核通过 3 个自评包');
    expect(await dialog.locator('[data-test=batch-next]').textContent()).toContain('转财政局（财政审核）复核');
    await shots('batch-confirm');
    await dialog.locator('[data-test=batch-confirm]').click();
    await expect.poll(() => dialog.locator('[data-test=batch-ok]').count()).toBe(3);
    expect(await dialog.locator('[data-test=batch-progress]').textContent()).toContain('3/3');
    await dialog.locator('[data-test=batch-close]').click();
    await steps.logout();
  });

  it('approves a batch in the finance bureau where one was returned meanwhile, then publishes three and exports them', async () => {
    const three = [LVXIANTING, ...NEW_UNITS].map((n) => ids.get(n) as string);
    const dongting = ids.get(DONGTING) as string;
    await steps.login('caizheng');
    for (const id of [...three, dongting]) await row(id).waitFor();
    for (const id of [...three, dongting]) await select(id);
    await page.locator('[data-test=batch-approve]').click();
    const dialog = page.locator('[data-test=batch-dialog]');
    await expect.poll(() => dialog.locator('[data-test=batch-summary]').textContent()).toContain('将审核通过 4 个自评包');
    // Another finance reviewer returns 洞庭 while this one is about to confirm.
    const other = await apiSession(service.base, 'caizheng', service.password);
    const current = (await other('GET', `/packages/${dongting}`)).body;
    await other('POST', `/packages/${dongting}/review`, {
      version: current.version,
      decision: 'return',
      comment: '附件2 基本支出与报告不符',
    });
    await dialog.locator('[data-test=batch-confirm]').click();
    await expect.poll(() => dialog.locator('[data-test=batch-ok]').count()).toBe(3);
    expect(await dialog.locator('[data-test=batch-fail]').textContent()).toContain('财政退回');
    expect(await dialog.locator('[data-test=batch-summary]').textContent()).toContain('1 个未能办理');
    await shots('batch-results');
    await dialog.locator('[data-test=batch-close]').click();
    for (const id of three) {
      expect((await other('GET', `/packages/${id}`)).body.status).toBe('finance_approved');
      const events = (await other('GET', `/packages/${id}/history`)).body.events as { action: string; byName: string }[];
      expect(events[0]).toMatchObject({ action: 'approve', byName: '财政局 王审核' });
    }

    // Publish the three: the list with every status, the three selected, progress to 3/3.
    await page.locator('.toolbar .el-switch').click();
    for (const id of three) await row(id).waitFor();
    for (const id of three) await select(id);
    await page.locator('[data-test=batch-publish]').click();
    await expect.poll(() => dialog.locator('[data-test=batch-next]').textContent()).toContain('无需登录即可在公开平台查看');
    await dialog.locator('[data-test=batch-confirm]').click();
    await expect.poll(() => dialog.locator('[data-test=batch-ok]').count()).toBe(3);
    expect(await dialog.locator('[data-test=batch-progress]').textContent()).toContain('3/3');
    await dialog.locator('[data-test=batch-close]').click();
    const anonymous = await fetch(`${service.base}api/packages/${three[0]}`);
    expect(anonymous.status).toBe(200);

    // Export the three as Word documents in one ZIP, with the job's progress.
    for (const id of three) await row(id).waitFor();
    for (const id of three) await select(id);
    await page.locator('[data-test=batch-export]').hover();
    const downloading = page.waitForEvent('download', { timeout: 120_000 });
    await page.getByRole('menuitem', { name: 'Word', exact: true }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('批量导出-3个自评包.zip');
    const zip = unzipSync(new Uint8Array(readFileSync((await download.path()) as string)));
    expect(Object.keys(zip).sort()).toEqual([LVXIANTING, ...NEW_UNITS].map((n) => `2023-${n}-自评.docx`).sort());
    await expect.poll(() => page.locator('[data-test=batch-export-progress]').textContent()).toContain('3/3');
    await shots('batch-export');
  });
});
