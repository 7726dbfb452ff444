/**
 * A region's year end to end in Debian's chromium, on a service clock that moves through May and June
 * 2025. 财政审核 opens the 2024 self-evaluation for the region's two departments with due dates; six
 * units fill in their packages; three submit on time and one after the due day, two not at all; one
 * is returned with two points, which its unit answers and the department accepts; the overview shows
 * the counts, the overdue units, the score distribution and the recurring findings; a batch of three
 * is approved and published; an anonymous visitor on a 390 px phone finds them on /public and
 * downloads a PDF, and the open-data CSV of 2024 holds their figures. Screenshots: screenshots/web/year-*.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { type ApiCall, apiSession, launchBrowser, missingForBrowser, startService, userSteps, type Running } from './browser-support.js';

if (missingForBrowser) console.warn(`跳过年度全流程端到端测试：${missingForBrowser}`);

const DAY = 24 * 3_600_000;
/** The service's clock: 20 May 2025, 10:00 in China, moving on with real time; `later` days added on demand. */
const START = Date.parse('2025-05-20T02:00:00Z') - Date.now();
let later = 0;
const clock = () => new Date(Date.now() + START + later * DAY);

const LVXIANTING = '岳阳市岳阳楼区吕仙亭街道办事处';
const DONGTING = '岳阳市岳阳楼区洞庭街道办事处';
const NANHU = '岳阳市岳阳楼区南湖街道办事处';
const SCHOOL = '岳阳市岳阳楼区示范小学';
const EDUCATION = '岳阳市岳阳楼区教育局';
const NEW_UNITS = [
  { name: '岳阳市岳阳楼区第十九中学', username: 'shijiuzhong' },
  { name: '岳阳市岳阳楼区实验幼儿园', username: 'youeryuan' },
];
const PASSWORD = 'year-unit-password-2';

describe.skipIf(missingForBrowser !== null)('a region’s year in chromium', () => {
  let service: Running;
  let browser: Browser;
  let page: Page;
  let steps: ReturnType<typeof userSteps>;
  const ids = new Map<string, string>();
  const sessions = new Map<string, ApiCall>();

  /** A unit's 2024 package as its 单位负责人 sees it, through the API. */
  async function as(username: string): Promise<ApiCall> {
    const known = sessions.get(username);
    if (known) return known;
    const call = await apiSession(
      service.base,
      username,
      username.startsWith('shijiu') || username.startsWith('you') ? PASSWORD : service.password,
    );
    sessions.set(username, call);
    return call;
  }

  /** The unit fills in: one figure typed into 附件1 and saved. */
  async function fill(username: string, unit: string, value: string): Promise<void> {
    const call = await as(username);
    const pkg = (await call('GET', `/packages/${ids.get(unit)}`)).body as { version: number; data: Record<string, unknown> };
    const data = pkg.data as { basicData?: { staffing?: Record<string, unknown> } };
    if (data.basicData?.staffing) data.basicData.staffing.actual = value;
    const saved = await call('PUT', `/packages/${ids.get(unit)}`, { version: pkg.version, data });
    expect(saved.status, JSON.stringify(saved.body).slice(0, 300)).toBe(200);
  }

  async function submit(username: string, unit: string): Promise<void> {
    const call = await as(username);
    const pkg = (await call('GET', `/packages/${ids.get(unit)}`)).body as { version: number };
    const done = await call('POST', `/packages/${ids.get(unit)}/submit`, { version: pkg.version });
    expect(done.status, JSON.stringify(done.body).slice(0, 300)).toBe(200);
  }

  beforeAll(async () => {
    service = await startService({ clock });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
    page.setDefaultTimeout(20_000);
    steps = userSteps(page, service);
    // Two more schools under 教育局, each with its 单位负责人: six units in two departments.
    const admin = await apiSession(service.base, 'admin', service.password);
    const education = ((await admin('GET', `/orgs?kind=department&q=${encodeURIComponent('教育局')}`)).body.orgs as { id: string }[])[0]!
      .id;
    for (const unit of NEW_UNITS) {
      const org = (await admin('POST', '/orgs', { name: unit.name, kind: 'unit', parentId: education })).body;
      await admin('POST', '/users', {
        username: unit.username,
        displayName: `${unit.name.slice(7)} 负责人`,
        password: 'first-password-1',
        role: 'unit_head',
        orgId: org.id,
      });
      const first = await apiSession(service.base, unit.username, 'first-password-1');
      expect((await first('POST', '/auth/password', { currentPassword: 'first-password-1', newPassword: PASSWORD })).status).toBe(200);
    }
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('the finance bureau opens the 2024 task for both departments with due dates', async () => {
    await steps.login('caizheng');
    await page.locator('[data-test=nav-tasks]').click();
    await page.locator('[data-test=open-task]').click();
    const dialog = page.locator('.el-dialog', { hasText: '下达年度自评任务' });
    await dialog.waitFor();
    await dialog.locator('[data-test=task-form-year] input').fill('2024');
    await dialog.locator('[data-test=task-form-scope]').getByText('全部单位').click();
    for (const [placeholder, day] of [
      ['单位提交截止日期', '2025-05-31'],
      ['部门审核截止日期', '2025-06-15'],
    ] as const) {
      const input = page.locator(`input[placeholder="${placeholder}"]`);
      await input.click();
      await input.fill(day);
      await input.press('Enter');
    }
    await dialog.locator('textarea').fill('请于 5 月底前提交 2024 年度整体支出绩效自评。');
    await dialog.locator('.el-dialog__title').click();
    await dialog.locator('[data-test=task-form-confirm]').click();
    await page.locator('.el-message--success', { hasText: '新建自评包 6 个' }).waitFor();
    const card = page.locator('[data-test=task-card]');
    await expect.poll(() => card.locator('[data-test=task-totals]').textContent()).toContain('已提交 0/6');
    await expect.poll(() => card.locator('[data-test=task-progress] .el-table__row').count()).toBe(2);
    await steps.shot('year-01-task');
    const finance = await as('caizheng');
    for (const p of (await finance('GET', '/packages?year=2024')).body.packages as { id: string; orgName: string }[])
      ids.set(p.orgName, p.id);
    expect(ids.size).toBe(6);
    await steps.logout();
  });

  it('six units fill in; three submit on time, one late, two not at all', async () => {
    // 吕仙亭 in the browser: its task with the days left, a figure typed, submitted through the confirmation.
    await steps.login('fuzeren');
    await page.locator('[data-test=task-banner]').waitFor();
    await steps.openPackage(ids.get(LVXIANTING)!);
    await expect.poll(() => page.locator('[data-test=package-task-days]').textContent()).toBe('还有 11 天');
    await steps.typeInto('basicData.staffing.actual', '47');
    await expect.poll(() => page.locator('[data-test=save-state]').textContent(), { timeout: 15_000 }).toBe('已保存');
    await page.locator('[data-test=submit]').click();
    await steps.confirmAct();
    await expect.poll(() => steps.status().textContent()).toBe('已提交');
    await steps.shot('year-02-submitted');
    await steps.logout();
    // The others through the API, as their own browsers would.
    await fill('dongting', DONGTING, '30');
    await submit('dongting', DONGTING);
    await fill('nanhu', NANHU, '25');
    await submit('nanhu', NANHU);
    for (const unit of NEW_UNITS) await fill(unit.username, unit.name, '40');
    await fill('xiaoxue', SCHOOL, '60');
    // Two days past the due day 示范小学 submits: late; the two new schools still have not.
    later = 13;
    await submit('xiaoxue', SCHOOL);
    const task = (await (await as('caizheng'))('GET', `/packages/${ids.get(SCHOOL)}/task`)).body as { unit?: { late?: boolean } };
    expect(JSON.stringify(task)).toContain('"late":true');
  });

  it('the department returns one package with two points; the unit answers both and the department accepts', async () => {
    const id = ids.get(LVXIANTING)!;
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

    await steps.login('fuzeren');
    await steps.openPackage(id);
    await steps.typeInto(field, '0');
    await expect.poll(() => page.locator('[data-test=save-state]').textContent(), { timeout: 15_000 }).toBe('已保存');
    await page.locator('[data-test=rectification-open]').click();
    const drawer = page.locator('[data-test=rectification-drawer]');
    for (const [n, text] of [
      [1, '已补全三公经费各项的预算数与决算数。'],
      [2, '出国经费本年预算数已填 0。'],
    ] as const) {
      await drawer.locator(`textarea[data-answer="${n}"], [data-answer="${n}"] textarea`).fill(text);
      await drawer.locator(`[data-point="${n}"] .answer .el-checkbox`).click();
      await drawer.locator(`[data-save-answer="${n}"]`).click();
      await expect.poll(() => drawer.locator(`[data-point="${n}"]`).getAttribute('data-state')).toBe('done');
    }
    await steps.shot('year-03-answered');
    await page.keyboard.press('Escape');
    await page.locator('[data-test=submit]').click();
    await steps.confirmAct();
    await expect.poll(() => steps.status().textContent()).toBe('已提交');
    await steps.logout();

    await steps.login('bumen');
    await steps.openPackage(id);
    await page.locator('[data-test=rectification-open]').click();
    await expect.poll(() => drawer.locator('[data-point="2"] [data-test=point-changes]').textContent()).toContain('该字段的修改：1 处');
    await drawer.locator('[data-decide="accept-1"]').click();
    await expect.poll(() => drawer.locator('[data-point="1"]').getAttribute('data-state')).toBe('accepted');
    await drawer.locator('[data-decide="accept-2"]').click();
    await expect.poll(() => drawer.locator('[data-point="2"]').getAttribute('data-state')).toBe('accepted');
    await steps.shot('year-04-accepted');
    await page.keyboard.press('Escape');
    await page.locator('[data-test=approve]').click();
    await steps.confirmAct();
    await expect.poll(() => steps.status().textContent()).toBe('主管部门审核通过');
    await steps.logout();
  });

  it('the overview shows the counts, the overdue units, the score distribution and the recurring findings', async () => {
    await steps.login('caizheng');
    await page.goto(`${service.base}#/overview`);
    await page.locator('.overview .cards').waitFor();
    await page.locator('.overview .year').click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: '2024 年度' }).click();
    await expect.poll(() => page.locator('.overview .scope').textContent()).toContain('2024 年度');
    await expect.poll(() => page.locator('[data-test=fig-packages] .n').textContent()).toBe('6 / 6');
    await expect.poll(() => page.locator('[data-test=fig-overdue] .n').textContent()).toBe('2');
    await expect.poll(() => page.locator('.overview .chart canvas').count()).toBe(3);
    await expect.poll(async () => (await page.locator('[data-test=recurring] tbody tr').count()) > 0).toBe(true);
    const education = page.locator('[data-test=progress-table] tr', { hasText: EDUCATION });
    expect(await education.locator('td').nth(1).textContent()).toBe('3');
    await steps.shot('year-05-overview');
    await page.locator('[data-test=fig-overdue]').click();
    const drawer = page.locator('.el-drawer');
    await expect.poll(() => drawer.locator('[data-test=drill-units] tbody tr').count()).toBe(2);
    const overdue = await drawer.locator('[data-test=drill-units] tbody').textContent();
    for (const unit of NEW_UNITS) expect(overdue).toContain(unit.name);
    await steps.shot('year-06-overdue');
    await drawer.locator('.el-drawer__close-btn').click();
    await steps.logout();
  });

  it('a batch of three is approved and published', async () => {
    const three = [LVXIANTING, DONGTING, NANHU].map((n) => ids.get(n)!);
    const row = (id: string) => page.locator(`.el-table__row:has([data-open="${id}"])`);
    const dialog = page.locator('[data-test=batch-dialog]');
    // The department approves the two still with it, then the finance bureau the three.
    await steps.login('bumen');
    for (const id of three.slice(1)) await row(id).locator('.el-checkbox').first().click();
    await page.locator('[data-test=batch-approve]').click();
    await dialog.locator('[data-test=batch-confirm]').click();
    await expect.poll(() => dialog.locator('[data-test=batch-ok]').count()).toBe(2);
    await dialog.locator('[data-test=batch-close]').click();
    await steps.logout();

    await steps.login('caizheng');
    for (const id of three) await row(id).waitFor();
    for (const id of three) await row(id).locator('.el-checkbox').first().click();
    await page.locator('[data-test=batch-approve]').click();
    await expect.poll(() => dialog.locator('[data-test=batch-summary]').textContent()).toContain('将审核通过 3 个自评包');
    await dialog.locator('[data-test=batch-confirm]').click();
    await expect.poll(() => dialog.locator('[data-test=batch-ok]').count()).toBe(3);
    await dialog.locator('[data-test=batch-close]').click();
    await page.locator('.toolbar .el-switch').click();
    for (const id of three) await row(id).waitFor();
    for (const id of three) await row(id).locator('.el-checkbox').first().click();
    await page.locator('[data-test=batch-publish]').click();
    await dialog.locator('[data-test=batch-confirm]').click();
    await expect.poll(() => dialog.locator('[data-test=batch-ok]').count()).toBe(3);
    await steps.shot('year-07-published');
    await dialog.locator('[data-test=batch-close]').click();
    const finance = await as('caizheng');
    for (const id of three) {
      expect((await finance('GET', `/packages/${id}`)).body.status).toBe('published');
      const events = (await finance('GET', `/packages/${id}/history`)).body.events as { action: string }[];
      expect(events[0]?.action).toBe('publish');
    }
    await steps.logout();
  });

  it('an anonymous visitor on a phone finds them on /public, downloads the PDF, and the open data holds their figures', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, acceptDownloads: true });
    phone.setDefaultTimeout(20_000);
    try {
      await phone.goto(`${service.base}public?year=2024`);
      for (const unit of [LVXIANTING, DONGTING, NANHU]) await phone.getByRole('link', { name: unit }).first().waitFor();
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await phone.screenshot({ path: 'screenshots/web/year-08-public-phone.png', fullPage: true });
      await phone.getByRole('link', { name: DONGTING }).first().click();
      await phone.getByRole('link', { name: /PDF/ }).waitFor();
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await phone.screenshot({ path: 'screenshots/web/year-09-public-package-phone.png' });
      const downloading = phone.waitForEvent('download');
      await phone.getByRole('link', { name: /PDF/ }).click();
      const pdf = await (await downloading).createReadStream();
      const head = await new Promise<Buffer>((resolve) => pdf.once('data', (chunk) => resolve(Buffer.from(chunk))));
      pdf.destroy();
      expect(head.subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await phone.close();
    }
    const csv = await (await fetch(`${service.base}public/data/2024.csv`)).text();
    for (const unit of [LVXIANTING, DONGTING, NANHU]) expect(csv).toContain(unit);
    for (const unit of NEW_UNITS) expect(csv).not.toContain(unit.name);
    // One row per unit and figure. The three carried last year's tables over and typed only 实际在职人数:
    // their indicators are unscored, so no total or grade is published (a score not given is not 0),
    // while what they do state is.
    for (const unit of [LVXIANTING, DONGTING, NANHU]) {
      const figures = csv
        .split('\n')
        .filter((line) => line.includes(unit))
        .map((line) => line.split(',').find((cell) => /^[a-z_]+$/.test(cell)));
      expect(figures, unit).toContain('project_count');
      expect(figures, unit).not.toContain('total_score');
      expect(figures, unit).not.toContain('grade');
    }
  });
});
