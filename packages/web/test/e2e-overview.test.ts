/**
 * The region overview in Debian's chromium: two units of the demo region start 2024 from 2023 (one
 * submits, one breaks its 执行率 into a 错误); a task whose due dates have all passed takes them and
 * 南湖, whose package its department approves, so that one unit is late at each step (提交, 部门审核,
 * 财政审核); the finance bureau opens the overview of 2024, sees the counts and the charts, clicks a
 * number to the units behind it and on to a unit's package, and exports the overview as XLSX.
 * Screenshots at 1366×768 and at 390 px (14o-*).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiSession, launchBrowser, missingForBrowser, startService, userSteps, type Running } from './browser-support.js';

const missing = missingForBrowser;
if (missing) console.warn(`跳过总览端到端测试：${missing}`);

describe.skipIf(missing !== null)('region overview in chromium', () => {
  let service: Running;
  let browser: Browser;
  let page: Page;
  let steps: ReturnType<typeof userSteps>;

  beforeAll(async () => {
    service = await startService();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    page.setDefaultTimeout(20_000);
    steps = userSteps(page, service);
    // 吕仙亭 carries 2023 over into 2024 and submits it; 洞庭 carries over and records nothing executed.
    const orgs = (await (await apiSession(service.base, 'caizheng', service.password))('GET', '/orgs')).body.orgs as {
      id: string;
      name: string;
    }[];
    const orgId = (name: string) => orgs.find((o) => o.name === name)!.id;
    const lvxianting = await apiSession(service.base, 'fuzeren', service.password);
    const created = await lvxianting('POST', '/packages', { orgId: orgId('岳阳市岳阳楼区吕仙亭街道办事处'), year: 2024, from: 'previous' });
    expect(created.status).toBe(201);
    expect((await lvxianting('POST', `/packages/${created.body.id}/submit`, { version: 1 })).status).toBe(200);
    const dongting = await apiSession(service.base, 'dongting', service.password);
    const second = await dongting('POST', '/packages', { orgId: orgId('岳阳市岳阳楼区洞庭街道办事处'), year: 2024, from: 'previous' });
    expect(second.status).toBe(201);
    // Carried over, this year's amounts are blank: 洞庭 states a budget, nothing executed, and last year's rate and score.
    const data = second.body.data as { overall: { funds: Record<string, unknown> } };
    Object.assign(data.overall.funds, { fullYearBudget: '100', executed: '0', declared: { executionRate: '100.00%', score: '10.00' } });
    expect((await dongting('PUT', `/packages/${second.body.id}`, { version: 1, data })).status).toBe(200);

    // The task takes the two packages and makes 南湖's; every due date of it is past (the service runs on today's clock).
    const finance = await apiSession(service.base, 'caizheng', service.password);
    const task = await finance('POST', '/tasks', {
      year: 2024,
      template: 'default',
      submitDue: '2025-05-31',
      reviewDue: '2025-06-15',
      financeDue: '2025-06-30',
      scope: { kind: 'units', unitIds: ['吕仙亭', '洞庭', '南湖'].map((n) => orgId(`岳阳市岳阳楼区${n}街道办事处`)) },
    });
    expect(task.status, JSON.stringify(task.body)).toBe(202);
    const taskId = (task.body.task as { id: string }).id;
    await vi.waitFor(
      async () => expect(((await finance('GET', `/tasks/${taskId}`)).body.opening as { state: string }).state).toBe('opened'),
      { timeout: 20_000, interval: 100 },
    );
    const nanhu = await apiSession(service.base, 'nanhu', service.password);
    const own = ((await nanhu('GET', '/packages?year=2024')).body.packages as { id: string; version: number }[])[0]!;
    const submitted = await nanhu('POST', `/packages/${own.id}/submit`, { version: own.version });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const dept = await apiSession(service.base, 'bumen', service.password);
    const approved = await dept('POST', `/packages/${own.id}/review`, { version: submitted.body.version, decision: 'approve' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  async function openOverview(p: Page, year: number): Promise<void> {
    await p.goto(`${service.base}#/overview`);
    await p.locator('.overview .cards').waitFor();
    await p.locator('.overview .year').click();
    await p.locator('.el-select-dropdown__item:visible', { hasText: `${year} 年度` }).click();
    await expect.poll(() => p.locator('.overview .scope').textContent()).toContain(`${year} 年度`);
  }

  it('shows the finance bureau the year’s counts and charts', async () => {
    await steps.login('caizheng');
    await page.locator('nav a', { hasText: '总览' }).click();
    await openOverview(page, 2024);
    await expect.poll(() => page.locator('[data-test=fig-packages] .n').textContent()).toBe('3 / 4');
    expect(await page.locator('[data-test=fig-missing] .n').textContent()).toBe('1');
    expect(await page.locator('[data-test=fig-errors] .n').textContent()).toBe('1');
    // One unit late at each step: 洞庭 has not submitted, 吕仙亭 waits for its department, 南湖 for the finance bureau.
    for (const [step, label] of [
      ['overdue', '逾期未提交'],
      ['reviewOverdue', '部门审核逾期'],
      ['financeOverdue', '财政审核逾期'],
    ])
      expect(await page.locator(`[data-test=fig-${step}]`).textContent()).toBe(`1${label}`);
    // Three charts drawn: progress by department, score bands, grades.
    await expect.poll(() => page.locator('.overview .chart canvas').count()).toBe(3);
    const streets = page.locator('[data-test=progress-table] tr', { hasText: '街道主管部门' });
    expect(await streets.locator('td').nth(1).textContent()).toBe('3');
    // The findings recurring in 2024 include the execution rate 洞庭 broke.
    await expect.poll(() => page.locator('[data-test=recurring]').textContent()).toContain('ev.execution-rate');
    await page.locator('.overview .trend').waitFor();
    await steps.shot('14o-overview');
    await page.locator('[data-test=recurring]').scrollIntoViewIfNeeded();
    await steps.shot('14o-overview-findings');
  });

  it('opens the units behind a number, and a unit’s package from there', async () => {
    await page.locator('[data-test=fig-errors]').click();
    const drawer = page.locator('.el-drawer');
    await expect.poll(() => drawer.locator('[data-test=drill-units] tbody tr').count()).toBe(1);
    expect(await drawer.locator('[data-test=drill-units] tbody').textContent()).toContain('岳阳市岳阳楼区洞庭街道办事处');
    await steps.shot('14o-overview-units');
    await drawer.locator('.el-drawer__close-btn').click();
    // A number in the department table: the streets' submitted package (columns: name, units, not started, 草稿, 已提交 …).
    await page.locator('[data-test=progress-table] tr', { hasText: '街道主管部门' }).locator('td').nth(4).locator('a').click();
    await expect.poll(() => drawer.locator('[data-test=drill-units] tbody').textContent()).toContain('吕仙亭');
    expect(await drawer.locator('[data-test=drill-units] tbody tr').count()).toBe(1);
    await drawer.locator('.el-drawer__close-btn').click();
    // The late counts open their units too: the card of the department's review, and the streets' count at the finance bureau.
    await page.locator('[data-test=fig-reviewOverdue]').click();
    await expect.poll(() => drawer.locator('.el-drawer__title').textContent()).toContain('部门审核逾期');
    await expect.poll(() => drawer.locator('[data-test=drill-units] tbody').textContent()).toContain('吕仙亭');
    expect(await drawer.locator('[data-test=drill-units] tbody tr').count()).toBe(1);
    await drawer.locator('.el-drawer__close-btn').click();
    await page.locator('[data-test=progress-table] tr', { hasText: '街道主管部门' }).locator('[data-test=dept-financeOverdue] a').click();
    await expect.poll(() => drawer.locator('[data-test=drill-units] tbody').textContent()).toContain('南湖');
    expect(await drawer.locator('[data-test=drill-units] tbody tr').count()).toBe(1);
    await steps.shot('14o-overview-late-units');
    await drawer.locator('[data-test=drill-units] tbody a').first().click();
    await page.locator('.package-view').waitFor();
    expect(page.url()).toMatch(/#\/packages\//);
  });

  it('exports the overview as an XLSX workbook', async () => {
    await openOverview(page, 2024);
    const downloading = page.waitForEvent('download');
    await page.locator('[data-test=export]').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('岳阳市岳阳楼区财政局2024年度绩效自评总览.xlsx');
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-overview-'));
    try {
      const file = join(dir, 'overview.xlsx');
      await download.saveAs(file);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      expect(workbook.worksheets.map((w) => w.name)).toEqual(['概况', '主管部门进度', '常见问题', '各单位得分']);
      const units = (workbook.getWorksheet('各单位得分')!.getSheetValues().filter(Boolean) as unknown[][]).map((r) => r[1]);
      expect(units).toContain('岳阳市岳阳楼区洞庭街道办事处');
      expect(units).toContain('岳阳市岳阳楼区示范小学');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads on a 390 px phone without sideways scrolling of the page', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    phone.setDefaultTimeout(20_000);
    const phoneSteps = userSteps(phone, service);
    await phoneSteps.login('caizheng');
    await openOverview(phone, 2024);
    await expect.poll(() => phone.locator('.overview .chart canvas').count()).toBe(3);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // The late counts among the cards, two to a row.
    expect(await phone.locator('[data-test=fig-financeOverdue]').textContent()).toBe('1财政审核逾期');
    await phoneSteps.shot('14o-overview-phone');
    await phone.locator('[data-test=fig-missing]').click();
    await expect.poll(() => phone.locator('[data-test=drill-units] tbody tr').count()).toBe(1);
    await phoneSteps.shot('14o-overview-units-phone');
    await phone.close();
  });
});
