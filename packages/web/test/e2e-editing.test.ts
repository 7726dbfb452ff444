/**
 * Editing as in Excel, end to end in chromium against the real service: undo and redo (Ctrl+Z, Ctrl+Y,
 * Ctrl+Shift+Z and the toolbar's 撤销 / 重做) of a typed cell, a paste, a project added and report
 * text, also after autosave (a reload shows the undone value); pasted rows visible at once; amounts
 * shown at 2 dp with thousands separators and edited exactly; an amount typed in 元 converted on one click.
 * Screenshots (prefix 15-) at 1366×768 and 390 px go to screenshots/web/.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Package } from '@jixiao/core';
import {
  SHOTS,
  apiSession,
  launchBrowser,
  missingForBrowser,
  startService,
  userSteps,
  type ApiCall,
  type Running,
} from './browser-support.js';

const missing = missingForBrowser;
if (missing) console.warn(`跳过编辑端到端测试：${missing}`);

describe.skipIf(missing !== null)('editing like a spreadsheet, in chromium', () => {
  let service: Running;
  let browser: Browser;
  let page: Page;
  let steps: ReturnType<typeof userSteps>;
  let packageId = '';
  let api: ApiCall;

  const cell = (path: string) => steps.cell(path);
  const saveState = () => page.locator('[data-test=save-state]').textContent();
  const saved = () => expect.poll(saveState, { timeout: 15_000 }).toBe('已保存');
  const undoButton = () => page.locator('[data-test=undo]');
  const redoButton = () => page.locator('[data-test=redo]');
  /** The text a cell shows, without last year's figure beside it. */
  const shown = (path: string) => cell(path).locator('.sheet-text').textContent();
  /** What the service holds now. */
  const stored = async (): Promise<Package> => (await api('GET', `/packages/${packageId}`)).body.data as Package;
  const press = (keys: string) => page.keyboard.press(keys);

  beforeAll(async () => {
    service = await startService();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(20_000);
    steps = userSteps(page, service);
    api = await apiSession(service.base, 'tianbao', service.password);
    await steps.login('tianbao');
    const own = page.locator('[data-test=package-list] .el-table__row', { hasText: '吕仙亭' }).locator('[data-open]');
    await own.first().click();
    await page.locator('[data-sheet=control]').waitFor();
    packageId = decodeURIComponent(page.url().split('#/packages/')[1] ?? '');
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('shows amounts at 2 dp with thousands separators and edits the exact figure typed', async () => {
    const business = 'basicData.rows.business.actual';
    await steps.typeInto(business, '11891.753');
    await expect.poll(() => shown(business)).toBe('11,891.75');
    // Figures as stored in the seed: "4.07" and "7" show as 4.07 and 7.00.
    expect(await shown('basicData.rows.reception.budget')).toBe('7.00');
    await cell(business).dblclick();
    await expect.poll(() => page.locator('[data-sheet=control] .sheet-keys.open').inputValue()).toBe('11891.753');
    await steps.shot('15-amounts-formatted-editing');
    await press('Escape');
    await expect.poll(() => shown(business)).toBe('11,891.75');
    await saved();
    expect((await stored()).basicData?.rows.business?.actual).toBe('11891.753');
    await steps.shot('15-amounts-formatted');
  });

  it('undoes and redoes a typed cell with the keys and the toolbar, and an undo after autosave is saved', async () => {
    const reception = 'basicData.rows.reception.actual';
    await steps.typeInto(reception, '6');
    await expect.poll(() => shown(reception)).toBe('6.00');
    await expect.poll(() => undoButton().isDisabled()).toBe(false);
    await undoButton().hover();
    await page.locator('.el-popper', { hasText: '撤销：修改“' }).waitFor();
    expect(await page.locator('.el-popper', { hasText: '撤销：修改“' }).textContent()).toContain('本年决算数');
    await steps.shot('15-undo-tooltip');
    await cell(reception).click();
    await press('Control+z');
    await expect.poll(() => shown(reception)).toBe('4.07');
    await press('Control+y');
    await expect.poll(() => shown(reception)).toBe('6.00');
    await press('Control+Shift+z');
    await expect.poll(() => shown(reception)).toBe('6.00'); // nothing left to redo
    await saved();
    expect((await stored()).basicData?.rows.reception?.actual).toBe('6');

    // After the autosave: the undo is one more edit, saved like any other.
    await undoButton().click();
    await expect.poll(() => shown(reception)).toBe('4.07');
    await expect.poll(() => redoButton().isDisabled()).toBe(false);
    await saved();
    expect((await stored()).basicData?.rows.reception?.actual).toBe('4.07');
    await page.reload();
    await page.locator('[data-sheet=control]').waitFor();
    await expect.poll(() => shown(reception)).toBe('4.07');
    // A new session of the package starts with an empty history.
    expect(await undoButton().isDisabled()).toBe(true);
    expect(await redoButton().isDisabled()).toBe(true);
  });

  it('shows a tab brought back by an undo with the value taken back, though the undo ran while the tab was hidden', async () => {
    const reception = 'basicData.rows.reception.actual';
    await steps.typeInto(reception, '6');
    await expect.poll(() => shown(reception)).toBe('6.00');
    await page.getByRole('tab', { name: /附件2/ }).click();
    await page.locator('[data-sheet="overall-funds"]').waitFor();
    await undoButton().click();
    // The undo shows where it was: 附件1, caught up with what changed while another tab was shown.
    await expect.poll(() => shown(reception)).toBe('4.07');
    await expect.poll(() => cell(reception).isVisible()).toBe(true);
    await saved();
  });

  it('undoes a pasted block as one step', async () => {
    const rows = ['threePublic', 'vehicle'];
    const columns = ['prior', 'budget', 'actual'];
    const before = await Promise.all(rows.flatMap((r) => columns.map((c) => shown(`basicData.rows.${r}.${c}`))));
    await cell('basicData.rows.threePublic.prior').click();
    await steps.paste('1\t2\t3\r\n4\t5\t6\r\n');
    await expect.poll(() => shown('basicData.rows.vehicle.actual')).toBe('6.00');
    await press('Control+z');
    for (const [i, path] of rows.flatMap((r) => columns.map((c) => `basicData.rows.${r}.${c}`)).entries()) {
      await expect.poll(() => shown(path)).toBe(before[i]);
    }
    await press('Control+y');
    await expect.poll(() => shown('basicData.rows.threePublic.prior')).toBe('1.00');
    await expect.poll(() => shown('basicData.rows.vehicle.actual')).toBe('6.00');
    await press('Control+z');
    await expect.poll(() => shown('basicData.rows.vehicle.actual')).toBe(before[5]);
    await saved();
  });

  it('shows rows a paste appends at once, in a taller box, and takes them back in one undo, as it does a row added', async () => {
    const sheet = page.locator('[data-sheet="lines-publicFunds"]');
    const list = 'basicData.lines.publicFunds';
    await sheet.scrollIntoViewIfNeeded();
    const startRows = (await stored()).basicData?.lines.publicFunds?.length ?? 0;
    const startHeight = (await sheet.boundingBox())?.height ?? 0;
    await cell(`${list}[${startRows - 1}].name`).click();
    const pasted = Array.from({ length: 7 }, (_, i) => `粘贴明细${i + 1}\t1\t2\t${i + 1}`).join('\r\n');
    await steps.paste(`${pasted}\r\n`);
    const rowsNow = startRows - 1 + 7;
    // No reload: the box grows with the rows and the last pasted row is on screen inside it.
    await expect.poll(async () => (await sheet.boundingBox())?.height ?? 0).toBeGreaterThan(startHeight + 5 * 32);
    const last = cell(`${list}[${rowsNow - 1}].actual`);
    await expect.poll(() => last.locator('.sheet-text').textContent()).toBe('7.00');
    const box = await sheet.boundingBox();
    const lastBox = await last.boundingBox();
    expect(box && lastBox && lastBox.y + lastBox.height <= box.y + box.height + 1).toBe(true);
    await sheet.screenshot({ path: join(SHOTS, '15-pasted-rows.png') });
    await page.screenshot({ path: join(SHOTS, '15-pasted-rows-page.png') });

    await press('Control+z');
    await expect.poll(() => sheet.locator('.sheet-row').count()).toBe(startRows);
    await expect.poll(async () => Math.round((await sheet.boundingBox())?.height ?? 0)).toBe(Math.round(startHeight));
    await press('Control+y');
    await expect.poll(() => sheet.locator('.sheet-row').count()).toBe(rowsNow);
    await press('Control+z');
    await expect.poll(() => sheet.locator('.sheet-row').count()).toBe(startRows);

    // A row added with the row tools is a step too.
    const add = page.locator('.row-tools:has(+ [data-sheet="lines-publicFunds"]) button').first();
    expect(await add.textContent()).toContain('添加');
    await add.click();
    await expect.poll(() => sheet.locator('.sheet-row').count()).toBe(startRows + 1);
    await press('Control+z');
    await expect.poll(() => sheet.locator('.sheet-row').count()).toBe(startRows);
    await saved();
    expect((await stored()).basicData?.lines.publicFunds).toHaveLength(startRows);
  });

  it('undoes a project added with 新增项目 and redoes it', async () => {
    await page.getByRole('tab', { name: /附件3/ }).click();
    await page.locator('[data-test=no-projects]').waitFor();
    await page.getByRole('button', { name: '新增项目' }).click();
    await page.locator('[data-project="0"]').waitFor();
    await undoButton().hover();
    await page.locator('.el-popper', { hasText: '撤销：新增项目' }).waitFor();
    await press('Control+z');
    await page.locator('[data-test=no-projects]').waitFor();
    expect(await page.locator('[data-project]').count()).toBe(0);
    await press('Control+Shift+z');
    await page.locator('[data-project="0"]').waitFor();
    await saved();
    expect((await stored()).projects).toHaveLength(1);
    await press('Control+z');
    await page.locator('[data-test=no-projects]').waitFor();
    await saved();
    expect((await stored()).projects).toEqual([]);
  });

  it('undoes report text typed in bursts, one burst at a time, and the reload shows the undone text', async () => {
    await page.getByRole('tab', { name: /报告正文/ }).click();
    const field = page.locator('[data-field="report.cover.title"] textarea');
    const original = await field.inputValue();
    await field.click();
    await field.press('End');
    await page.keyboard.type('（初稿');
    // A pause ends a burst of typing: the next is its own step.
    await page.waitForTimeout(1800);
    await page.keyboard.type('，第二次修改）');
    await expect.poll(() => field.inputValue()).toBe(`${original}（初稿，第二次修改）`);
    await saved();
    await press('Control+z');
    await expect.poll(() => field.inputValue()).toBe(`${original}（初稿`);
    await press('Control+z');
    await expect.poll(() => field.inputValue()).toBe(original);
    await press('Control+y');
    await expect.poll(() => field.inputValue()).toBe(`${original}（初稿`);
    await saved();
    await page.reload();
    await page.getByRole('tab', { name: /报告正文/ }).click();
    await expect.poll(() => page.locator('[data-field="report.cover.title"] textarea').inputValue()).toBe(`${original}（初稿`);
    expect((await stored()).report?.cover.title).toBe(`${original}（初稿`);
  });

  it('offers to convert an amount typed in 元 to 万元, exactly, and says the unit is 万元', async () => {
    await page.getByRole('tab', { name: /附件1/ }).click();
    const path = 'basicData.rows.operation.actual';
    await steps.typeInto(path, '1204860元');
    const prompt = page.locator('.el-message-box.yuan-prompt');
    await prompt.waitFor();
    expect(await prompt.textContent()).toContain('按元输入？换算为 120.49 万元');
    expect(await prompt.textContent()).toContain('1,204,860.00 元 = 120.49 万元');
    expect(await page.locator('.el-message', { hasText: '不是有效的数字' }).count()).toBe(0);
    await steps.shot('15-yuan-prompt');
    await prompt.getByRole('button', { name: '换算为 120.49 万元' }).click();
    await expect.poll(() => shown(path)).toBe('120.49');
    await saved();
    expect((await stored()).basicData?.rows.operation?.actual).toBe('120.486');

    // Not a number at all: refused, and the message says the unit.
    await steps.typeInto(path, '一百万');
    const refusal = page.locator('.el-message', { hasText: '不是有效的数字' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('金额单位为万元');
    await expect.poll(() => shown(path)).toBe('120.49');
  });

  it('fits the undo buttons and the 元 prompt on a 390 px phone', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      const phoneSteps = userSteps(phone, service);
      await phoneSteps.login('tianbao');
      await phoneSteps.openPackage(packageId);
      await phoneSteps.typeInto('basicData.rows.reception.budget', '8');
      await expect.poll(() => phone.locator('[data-test=undo]').isDisabled()).toBe(false);
      const undo = await phone.locator('[data-test=undo]').boundingBox();
      expect(undo && undo.x + undo.width <= 390).toBe(true);
      await phoneSteps.shot('15-phone-undo');
      await phone.keyboard.press('Control+z');
      await expect
        .poll(() => phone.locator('.sheet-cell[data-path="basicData.rows.reception.budget"] .sheet-text').textContent())
        .toBe('7.00');
      await phoneSteps.typeInto('basicData.rows.reception.budget', '70000元');
      const prompt = phone.locator('.el-message-box.yuan-prompt');
      await prompt.waitFor();
      const box = await prompt.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
      await phoneSteps.shot('15-phone-yuan-prompt');
      await prompt.getByRole('button', { name: '不换算' }).click();
    } finally {
      await phone.close();
    }
  });
});
