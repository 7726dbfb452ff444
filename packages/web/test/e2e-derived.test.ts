/**
 * Figures the template computes, in the real browser: once every 三公 part is typed, 三公经费 is their sum,
 * shown as computed and not typed into; the 得分 of a 定量 indicator is the formula's, and the unit
 * overrides one with a reason that stays in sight, or drops the score its file printed for the formula's;
 * the package list shows the computed total.
 * Screenshots (prefix 15d-) at 1366×768 and 390 px go to screenshots/web/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiSession, launchBrowser, missingForBrowser, startService, userSteps, type ApiCall, type Running } from './browser-support.js';

const missing = missingForBrowser;
if (missing) console.warn(`跳过网页端端到端测试：${missing}`);

describe.skipIf(missing !== null)('computed totals and scores in chromium', () => {
  let service: Running;
  let browser: Browser;
  let page: Page;
  let steps: ReturnType<typeof userSteps>;
  let api: ApiCall;
  let packageId = '';

  /** A cell of the 经费控制情况 row printed with this label. */
  const controlCell = (label: string, col: string) =>
    page
      .locator('[data-sheet=control] .sheet-row')
      .filter({ has: page.locator('.sheet-cell[data-col="name"]', { hasText: new RegExp(`^${label}$`) }) })
      .locator(`.sheet-cell[data-col="${col}"]`);
  const saved = () => expect.poll(() => page.locator('[data-test=save-state]').textContent(), { timeout: 15_000 }).toBe('已保存');

  beforeAll(async () => {
    service = await startService();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(20_000);
    steps = userSteps(page, service);
    api = await apiSession(service.base, 'tianbao', service.password);
    const list = (await api('GET', '/packages?year=2023')).body.packages as { id: string; status: string }[];
    packageId = list.find((p) => p.status === 'draft')!.id;
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('sums 三公经费 from its parts once all are typed, as a computed cell that takes no typing', async () => {
    await steps.login('tianbao');
    await steps.openPackage(packageId);
    const total = controlCell('三公经费', 'actual');
    // 出国经费 is blank on this unit's form: the total is typed (a blank part is not a zero).
    await expect.poll(() => total.getAttribute('class')).not.toContain('kind-computed');
    await steps.cell('basicData.rows.overseas.prior').click();
    await steps.paste('0\t0\t0\r\n');
    await expect.poll(() => total.getAttribute('class')).toContain('kind-computed');
    expect(await total.textContent()).toBe('4.07');
    await steps.typeInto('basicData.rows.reception.actual', '5.6');
    await expect.poll(() => total.textContent()).toBe('5.60');
    await expect.poll(() => controlCell('三公经费', 'rate').textContent()).toBe('80.00%');
    expect(await page.locator('.findings .finding[data-rule="a1.three-public-sum"]').count()).toBe(0);
    // Typing on the computed total changes nothing.
    await total.click();
    await page.keyboard.type('9');
    await page.keyboard.press('Enter');
    expect(await total.textContent()).toBe('5.60');
    await saved();
    const stored = (await api('GET', `/packages/${packageId}`)).body.data as { basicData: { rows: Record<string, { actual: string }> } };
    expect(stored.basicData.rows.reception!.actual).toBe('5.6');
    await steps.shot('15d-computed-total');
    await page.setViewportSize({ width: 390, height: 844 });
    await total.scrollIntoViewIfNeeded();
    await steps.shot('15d-computed-total-390');
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('scores a 定量 indicator by its formula and keeps an override with its reason in sight', async () => {
    await steps.openPackage(packageId);
    await page.getByRole('tab', { name: /附件2/ }).click();
    const actual = 'overall.indicators[1].actual';
    await steps.cell(actual).waitFor();
    const score = page.locator(`.sheet-row:has(.sheet-cell[data-path="${actual}"]) .sheet-cell[data-col="score"]`);
    await expect.poll(() => score.getAttribute('class')).toContain('kind-computed');
    expect(await score.textContent()).toBe('6.00');
    await steps.typeInto(actual, '80%');
    await expect.poll(() => score.textContent()).toBe('4.80');
    await steps.cell(actual).click();
    await page.locator('[data-test=override-start]').click();
    await page.locator('input[name=override-score]').fill('5.5');
    await page.locator('[data-test=override-save]').click();
    await expect.poll(() => page.locator('.el-dialog .el-alert').textContent()).toContain('请写明不采用公式得分的理由');
    await page.locator('textarea[name=override-reason]').fill('未公示部分经批准暂缓公示');
    await page.locator('[data-test=override-save]').click();
    await expect.poll(() => score.textContent()).toBe('5.50（调整）');
    const listed = page.locator('[data-test=score-overrides] .override-list');
    await expect.poll(() => listed.textContent()).toContain('公式得分 4.80 分，调整为 5.50 分。理由：未公示部分经批准暂缓公示');
    await page.locator('.findings .finding[data-rule="ev.score-override"]').waitFor();
    await saved();
    await listed.scrollIntoViewIfNeeded();
    await steps.shot('15d-score-override');
    await page.setViewportSize({ width: 390, height: 844 });
    await listed.scrollIntoViewIfNeeded();
    await steps.shot('15d-score-override-390');
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('lists the computed total and grade, as /check gives them', async () => {
    const check = (await api('GET', `/packages/${packageId}/check`)).body as { total: string; grade: string };
    // 100 − 6.00 + 5.50 with the override; the typed 得分 would still say 100.00
    expect(check.total).toBe('99.50');
    await page.goto(`${service.base}#/packages`);
    const row = page.locator('[data-test=package-list] .el-table__row', { hasText: '2023' }).filter({ hasText: '草稿' });
    await expect.poll(() => row.locator('[data-test=score]').first().textContent()).toBe(`${check.total}（${check.grade}）`);
    await steps.shot('15d-list-computed-total');
    await page.setViewportSize({ width: 390, height: 844 });
    // the table scrolls sideways on a phone: bring the 总分 column into view
    await row.locator('[data-test=score]').first().scrollIntoViewIfNeeded();
    await steps.shot('15d-list-computed-total-390');
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('gives a table read without its 总分 row its total back once the unit adds the row', async () => {
    // As an import of a 附件2 cut off before its 总分 row leaves it: no total, and no grade.
    const current = (await api('GET', `/packages/${packageId}`)).body as { version: number; data: { overall: { declaredTotal: unknown } } };
    current.data.overall.declaredTotal = null;
    expect((await api('PUT', `/packages/${packageId}`, { version: current.version, data: current.data })).status).toBe(200);
    await steps.openPackage(packageId);
    await page.getByRole('tab', { name: /附件2/ }).click();
    const line = page.locator('[data-test=score-line]');
    await expect.poll(() => line.textContent()).toContain('总分 未能合计（无总分行');
    await line.scrollIntoViewIfNeeded();
    await steps.shot('15d-no-total-row');
    await page.locator('[data-test=add-total]').click();
    await expect.poll(() => line.textContent()).toContain('总分 99.50（优）');
    expect(await page.locator('[data-test=add-total]').count()).toBe(0);
    await saved();
    const stored = (await api('GET', `/packages/${packageId}`)).body.data as { overall: { declaredTotal: unknown } };
    expect(stored.overall.declaredTotal).toEqual({ weight: null, score: null });
    await steps.shot('15d-total-row-added');
  });

  it('shows 附件2 in the layout the unit picks: 重庆’s 目标自评表 has no 得分, no split and no total', async () => {
    const scoreCells = page.locator('[data-sheet="overall-indicators"] .sheet-cell[data-col="score"]');
    expect(await scoreCells.count()).toBeGreaterThan(0);
    await page.locator('[data-test=overall-layout]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '部门整体绩效目标自评表' }).click();
    await expect.poll(() => scoreCells.count()).toBe(0);
    expect(await page.locator('[data-sheet="split"]').count()).toBe(0);
    const heads = await page.locator('[data-sheet="overall-indicators"] .sheet-header').allTextContents();
    expect(heads.join('|')).toContain('全年实际完成值');
    // The goals are named as the form prints them: "年度目标（年初）", not "年度目标：年度目标（年初）".
    await expect.poll(() => page.locator('body').textContent()).toContain('年度目标（年初）');
    expect(await page.locator('body').textContent()).not.toContain('年度目标：年度目标');
    const line = page.locator('[data-test=score-line]');
    await expect.poll(() => line.textContent()).not.toContain('总分');
    expect(await line.textContent()).not.toContain('执行率');
    await saved();
    const stored = (await api('GET', `/packages/${packageId}`)).body.data as { layout: { overall: string } };
    expect(stored.layout.overall).toBe('goals');
    await page.locator('[data-test=overall-layout]').scrollIntoViewIfNeeded();
    await steps.shot('15d-overall-goals-layout');
    // 湖北's 20-point form: 得分 without 分值, the split by expense alone, the targets without 实际完成情况.
    await page.locator('[data-test=overall-layout]').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '执行率20分、指标80分' }).click();
    await expect.poll(() => scoreCells.count()).toBeGreaterThan(0);
    const headings = await page.locator('[data-sheet="overall-indicators"] .sheet-header').allTextContents();
    expect(headings.join('|')).toContain('年初目标值（A）');
    expect(headings.join('|')).not.toContain('分值');
    // the funds line as this form names it
    expect(await page.locator('[data-sheet="overall-funds"]').textContent()).toContain('部门整体支出总额');
    const split = page.locator('[data-sheet="split"]');
    await expect.poll(() => split.textContent()).toContain('基本支出总额');
    expect(await split.textContent()).not.toContain('按收入性质分');
    await expect.poll(() => line.textContent()).toContain('总分');
    await saved();
    await page.locator('[data-test=overall-layout]').scrollIntoViewIfNeeded();
    await steps.shot('15d-overall-execution20-layout');
  });

  it('shows a 得分 printed in the unit’s file beside the formula’s that replaces it, until the unit drops or keeps it', async () => {
    // As an import of a file gives it: 实际完成 90% printed with the full 6 分, which the formula makes 5.40.
    const current = (await api('GET', `/packages/${packageId}`)).body as {
      version: number;
      data: { layout: { overall: string }; overall: { indicators: { actual: string; score: string | null }[] } };
    };
    current.data.layout.overall = 'national';
    Object.assign(current.data.overall.indicators[5]!, { actual: '90%', score: '6' });
    expect((await api('PUT', `/packages/${packageId}`, { version: current.version, data: current.data })).status).toBe(200);
    // From the list, so that the editor loads the package as saved now.
    await page.goto(`${service.base}#/packages`);
    await steps.openPackage(packageId);
    await page.getByRole('tab', { name: /附件2/ }).click();
    const actual = 'overall.indicators[5].actual';
    await steps.cell(actual).click();
    const finding = page.locator('.findings .finding[data-rule="ev.score-formula"]');
    await expect.poll(() => finding.first().textContent()).toContain('应为 5.40 分，原表得分 6.00 分，现按公式计分');
    const tools = page.locator('[data-test=score-overrides] .override-tools');
    await expect.poll(() => tools.textContent()).toContain('原表得分 6.00 分，现按公式计分');
    await tools.scrollIntoViewIfNeeded();
    await steps.shot('15d-printed-score');
    await page.locator('[data-test=printed-drop]').click();
    await expect.poll(() => finding.count()).toBe(0);
    expect(await tools.textContent()).not.toContain('原表得分');
    await saved();
    const stored = (await api('GET', `/packages/${packageId}`)).body.data as { overall: { indicators: { score: string | null }[] } };
    expect(stored.overall.indicators[5]!.score).toBeNull();
  });
});
