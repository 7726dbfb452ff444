/**
 * Tasks and deadlines in Debian's chromium, on the service's clock set to 20 May 2025: 财政审核 opens
 * the 2024 self-evaluation for the streets department with due dates (its own 财政审核 too); the task
 * shows as being opened while its packages wait for the background job, and what was made once it
 * ran; the unit sees its task with the days left on its list and in the editor, and the notice under
 * the bell; it submits through the confirmation, which lists the open 警告 and says who acts next
 * and by when; the department sees its units' progress and approves through its own confirmation,
 * which names the finance bureau's due day; a task for the other department whose opening failed is
 * opened again with 重试. Screenshots of each new screen at 1366×768 and 390 px (14t-*).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiSession, launchBrowser, missingForBrowser, startService, userSteps, type Running } from './browser-support.js';

const missing = missingForBrowser;
if (missing) console.warn(`跳过任务端到端测试：${missing}`);

/** The service's day: 20 May 2025, 10:00 in China, moving on with real time. */
const OFFSET = Date.now() - Date.parse('2025-05-20T02:00:00Z');
const STREETS = '岳阳市岳阳楼区人民政府（街道主管部门）';

describe.skipIf(missing !== null)('tasks and deadlines in chromium', () => {
  let service: Running;
  let browser: Browser;
  let page: Page;
  let phone: Page;
  let steps: ReturnType<typeof userSteps>;
  let phoneSteps: ReturnType<typeof userSteps>;

  beforeAll(async () => {
    // Background jobs wait until the first test has seen a task being opened.
    service = await startService({ clock: () => new Date(Date.now() - OFFSET), workJobs: false });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(20_000);
    steps = userSteps(page, service);
    phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    phone.setDefaultTimeout(20_000);
    phoneSteps = userSteps(phone, service);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  /** Types a day into an Element Plus date picker, found by its placeholder. */
  async function pickDay(p: Page, placeholder: string, day: string): Promise<void> {
    const input = p.locator(`input[placeholder="${placeholder}"]`);
    await input.click();
    await input.fill(day);
    await input.press('Enter');
  }

  it('finance opens the 2024 task for a department with its due dates and follows its progress', async () => {
    await steps.login('caizheng');
    await page.locator('[data-test=nav-tasks]').click();
    await page.getByText('暂无自评任务').waitFor();
    await page.locator('[data-test=open-task]').click();
    const dialog = page.locator('.el-dialog', { hasText: '下达年度自评任务' });
    await dialog.waitFor();
    await dialog.locator('[data-test=task-form-year] input').fill('2024');
    await dialog.locator('[data-test=task-form-department]').click();
    await page.locator('.el-select-dropdown__item', { hasText: STREETS }).click();
    await pickDay(page, '单位提交截止日期', '2025-05-31');
    await pickDay(page, '部门审核截止日期', '2025-06-15');
    await pickDay(page, '财政审核截止日期（可选）', '2025-06-30');
    await dialog.locator('textarea').fill('请按新口径填报三公经费，附件3 逐项目填写。');
    await dialog.locator('.el-dialog__title').click();
    await steps.shot('14t-task-open-1366');
    await dialog.locator('[data-test=task-form-confirm]').click();
    // Recorded at once, shown as being opened while its job waits; read again until the job has run, then its result is told.
    await page.locator('.el-message--info', { hasText: '已记录 2024 年度自评任务，正在为各单位建立自评包' }).waitFor();
    const card = page.locator('[data-test=task-card]');
    await expect.poll(() => card.locator('[data-test=task-opening]').textContent()).toContain('正在下达');
    await steps.shot('14t-task-opening-1366');
    await service.startJobs();
    await page.locator('.el-message--success', { hasText: '新建自评包 3 个（其中沿用上年 3 个）' }).waitFor();
    await expect.poll(() => card.locator('[data-test=task-opening]').count()).toBe(0);
    await expect.poll(() => card.locator('[data-test=submit-due]').textContent()).toBe('还有 11 天');
    await expect.poll(() => card.locator('[data-test=finance-due]').textContent()).toContain('财政审核截止 2025-06-30');
    await expect.poll(() => card.locator('[data-test=finance-due]').textContent()).toContain('还有 41 天');
    await expect.poll(() => card.locator('[data-test=task-totals]').textContent()).toContain('已提交 0/3');
    await expect.poll(() => card.locator('[data-test=task-progress] .el-table__row').count()).toBe(1);
    await steps.shot('14t-tasks-1366');
    await card.locator('[data-test=task-units]').click();
    await page.locator('[data-test=task-unit-list] .el-table__row').nth(2).waitFor();
    await steps.shot('14t-task-units-1366');
    await page.keyboard.press('Escape');

    await phoneSteps.login('caizheng');
    await phone.goto(`${service.base}#/tasks`);
    await phone.locator('[data-test=task-card]').waitFor();
    await phoneSteps.shot('14t-tasks-390');
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await phone.locator('[data-test=open-task]').click();
    await phone.locator('.el-dialog', { hasText: '下达年度自评任务' }).waitFor();
    await phoneSteps.shot('14t-task-open-390');
    await phone.keyboard.press('Escape');
    await phoneSteps.logout();
    await steps.logout();
  });

  it('the unit sees its task with the days left and the notice, and submits through a confirmation that tells the truth', async () => {
    await steps.login('fuzeren');
    const banner = page.locator('[data-test=task-banner]');
    await banner.waitFor();
    await expect.poll(() => banner.textContent()).toContain('提交截止 2025-05-31');
    await expect.poll(() => banner.locator('[data-test=task-days]').textContent()).toBe('还有 11 天');
    await expect.poll(() => page.locator('[data-test=notice-unread] .el-badge__content').textContent()).toBe('1');
    // The task's package cannot be deleted by the unit; last year's own draft can.
    const row = (year: string) => page.locator('[data-test=package-list] .el-table__row', { hasText: year });
    await expect.poll(() => row('2023').getByRole('button', { name: '删除' }).count()).toBe(1);
    expect(await row('2024').getByRole('button', { name: '删除' }).count()).toBe(0);
    await steps.shot('14t-packages-task-1366');
    await page.locator('[data-test=notice-bell]').click();
    const notice = page.locator('[data-test=notice]').first();
    await notice.waitFor();
    await expect.poll(() => notice.textContent()).toContain('2024 年度预算绩效自评任务已下达');
    await expect.poll(() => notice.textContent()).toContain('请于 2025-05-31 前提交（还有 11 天）');
    await steps.shot('14t-notices-1366');
    // The notice opens the unit's 2024 package.
    await notice.click();
    await page.locator('[data-sheet=control]').waitFor();
    await expect.poll(() => page.locator('[data-test=notice-unread] .el-badge__content').isVisible()).toBe(false);
    const task = page.locator('[data-test=package-task]');
    await expect.poll(() => task.locator('[data-test=package-task-days]').textContent()).toBe('还有 11 天');
    await expect
      .poll(() => task.locator('[data-test=next-step]').textContent())
      .toBe('下一步：岳阳市岳阳楼区吕仙亭街道办事处（单位负责人）提交，截止 2025-05-31（还有 11 天）');
    await steps.shot('14t-editor-task-1366');

    await page.locator('[data-test=submit]').click();
    const confirm = page.locator('.act-confirm-box');
    await confirm.waitFor();
    const warnings = await confirm.locator('[data-test=act-warnings]').textContent();
    expect(warnings).toMatch(/^尚有 \d+ 个“警告”未处理/);
    expect(Number(/尚有 (\d+) 个/.exec(warnings ?? '')?.[1])).toBeGreaterThan(0);
    await expect.poll(() => confirm.locator('.act-warning-list li').count()).toBeGreaterThan(0);
    await expect
      .poll(() => confirm.locator('[data-test=act-next]').textContent())
      .toBe(`之后由 ${STREETS}（部门审核）审核，截止 2025-06-15（还有 26 天）。`);
    await steps.shot('14t-submit-confirm-1366');
    await confirm.getByRole('button', { name: '确认提交' }).click();
    await expect.poll(() => steps.status().textContent()).toBe('已提交');
    await expect.poll(() => task.textContent()).toContain('已于');
    await expect.poll(() => task.locator('[data-test=next-step]').textContent()).toContain(`${STREETS}（部门审核）审核，截止 2025-06-15`);

    // The same on a phone, for another unit of the department.
    await phoneSteps.login('dongting');
    await phone.locator('[data-test=task-banner]').waitFor();
    await phoneSteps.shot('14t-packages-task-390');
    await phone.locator('[data-test=notice-bell]').click();
    await phone.locator('[data-test=notice]').first().waitFor();
    await phoneSteps.shot('14t-notices-390');
    await phone.locator('[data-test=notice]').first().click();
    await phone.locator('[data-test=package-task]').waitFor();
    await phoneSteps.shot('14t-editor-task-390');
    await phone.locator('[data-test=submit]').click();
    await phone.locator('.act-confirm-box').waitFor();
    await phoneSteps.shot('14t-submit-confirm-390');
    await phone.locator('.act-confirm-box').getByRole('button', { name: '取消' }).click();
    await phoneSteps.logout();
    await steps.logout();
  });

  it('the department sees its units’ progress and approves through its own confirmation', async () => {
    await steps.login('bumen');
    const banner = page.locator('[data-test=task-banner]');
    await banner.waitFor();
    await expect.poll(() => banner.textContent()).toContain('3 个单位，已提交 1');
    await expect.poll(() => banner.locator('[data-test=task-days]').textContent()).toBe('还有 26 天');
    await steps.shot('14t-review-task-1366');
    const row = page.locator('[data-test=package-list] .el-table__row', { hasText: '吕仙亭' }).locator('[data-open]');
    await row.first().click();
    await page.locator('[data-sheet=control]').waitFor();
    await page.locator('[data-test=approve]').click();
    const confirm = page.locator('.act-confirm-box');
    await confirm.waitFor();
    await expect
      .poll(() => confirm.locator('[data-test=act-next]').textContent())
      .toBe('之后由 财政部门（财政审核）审核，截止 2025-06-30（还有 41 天）。');
    await steps.shot('14t-approve-confirm-1366');
    await confirm.getByRole('button', { name: '确认审核通过' }).click();
    await expect.poll(() => steps.status().textContent()).toBe('主管部门审核通过');
    await steps.logout();

    await phoneSteps.login('bumen');
    await phone.locator('[data-test=task-banner]').waitFor();
    await phoneSteps.shot('14t-review-task-390');
    await phoneSteps.logout();
  });

  it('finance opens again with 重试 a task whose opening failed', async () => {
    const finance = await apiSession(service.base, 'caizheng', service.password);
    const orgs = (await finance('GET', '/orgs')).body.orgs as { id: string; name: string }[];
    const education = orgs.find((o) => o.name === '岳阳市岳阳楼区教育局')!.id;
    const opened = await finance('POST', '/tasks', {
      year: 2024,
      template: 'default',
      submitDue: '2025-05-31',
      reviewDue: '2025-06-15',
      scope: { kind: 'department', departmentId: education },
    });
    expect(opened.status, JSON.stringify(opened.body)).toBe(202);
    const taskId = (opened.body.task as { id: string }).id;
    const jobId = (opened.body.job as { id: string }).id;
    await expect.poll(async () => ((await finance('GET', `/tasks/${taskId}`)).body.opening as { state: string }).state).toBe('opened');
    // As if the job had failed after taking the school, before its notices and its summary: the task is 下达失败.
    await service.db.updateTable('tasks').set({ open_summary: null }).where('id', '=', taskId).execute();
    await service.db.updateTable('jobs').set({ status: 'failed', error: '下达任务失败：数据库连接中断' }).where('id', '=', jobId).execute();

    await steps.login('caizheng');
    await page.locator('[data-test=nav-tasks]').click();
    const card = page.locator('[data-test=task-card]', { hasText: '教育局' });
    await expect.poll(() => card.locator('[data-test=task-opening]').textContent()).toContain('下达任务失败：数据库连接中断');
    await steps.shot('14t-task-failed-1366');
    await card.locator('[data-test=retry-task]').click();
    await page.locator('.el-message--success', { hasText: '已下达 2024 年度自评任务：新建自评包 1 个' }).waitFor();
    await expect.poll(() => card.locator('[data-test=task-opening]').count()).toBe(0);
    await expect.poll(() => card.locator('[data-test=task-totals]').textContent()).toContain('已提交 0/1');
    await steps.logout();
  });
});
