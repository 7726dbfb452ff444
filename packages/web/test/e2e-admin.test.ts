/**
 * The administrator's screens at region scale, in Debian's chromium: the organisation tree is read a
 * level at a time and searched by name, the accounts a page at a time and searched, and the pickers
 * of a new account's organisation search the region instead of listing it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { apiSession, launchBrowser, missingForBrowser, startService, userSteps, type Running } from './browser-support.js';

if (missingForBrowser) console.warn(`跳过管理页面端到端测试：${missingForBrowser}`);

describe.skipIf(missingForBrowser !== null)('administration of a large region in chromium', () => {
  let service: Running;
  let browser: Browser;
  let page: Page;
  let steps: ReturnType<typeof userSteps>;

  beforeAll(async () => {
    service = await startService();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(20_000);
    steps = userSteps(page, service);
    // 120 units with an account each under a new 主管部门: more than a page of accounts.
    const admin = await apiSession(service.base, 'admin', service.password);
    const root = ((await admin('GET', '/orgs?limit=1')).body.orgs as { id: string }[])[0]!.id;
    const department = (await admin('POST', '/orgs', { name: '岳阳楼区卫生健康局', kind: 'department', parentId: root })).body.id;
    for (let i = 1; i <= 120; i++) {
      const unit = (await admin('POST', '/orgs', { name: `卫生院${String(i).padStart(3, '0')}`, kind: 'unit', parentId: department })).body
        .id;
      await admin('POST', '/users', {
        username: `wsy${i}`,
        displayName: `卫生院${i} 填报`,
        password: 'initial-pass',
        role: 'filler',
        orgId: unit,
      });
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  it('opens the tree a level at a time and finds an organisation by name', async () => {
    await steps.login('admin');
    await page.goto(`${service.base}#/admin`);
    await page.getByRole('tab', { name: '组织', exact: true }).click();
    const tree = page.locator('[data-test=org-tree]');
    // The root opens by itself, showing the departments but none of their units yet.
    await expect.poll(() => tree.getByText('岳阳楼区卫生健康局').count()).toBe(1);
    expect(await tree.getByText('卫生院001').count()).toBe(0);
    await tree.locator('.el-tree-node__content', { hasText: '岳阳楼区卫生健康局' }).locator('.el-tree-node__expand-icon').click();
    await expect.poll(() => tree.getByText(/^卫生院\d{3}$/).count()).toBe(120);
    await steps.shot('27-admin-org-tree');

    await page.locator('[data-test=org-search]').fill('卫生院11');
    await expect.poll(() => page.locator('[data-test=org-matches]').textContent()).toContain('共 10 个');
    await steps.shot('28-admin-org-search');
  });

  it('pages the accounts, finds one by person, and picks a new account’s unit by typing its name', async () => {
    await page.getByRole('tab', { name: '账号', exact: true }).click();
    const rows = page.locator('[data-test=user-table] .el-table__body-wrapper tr');
    await expect.poll(() => rows.count()).toBe(50);
    await expect.poll(() => page.locator('.el-pagination__total').textContent()).toContain('128');
    await page.locator('.el-pager li', { hasText: '3' }).click();
    await expect.poll(() => rows.count()).toBe(28);
    await page.locator('[data-test=user-search]').fill('卫生院77');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('wsy77');
    await steps.shot('29-admin-users-search');

    await page.getByRole('button', { name: '新建账号' }).click();
    const dialog = page.getByRole('dialog', { name: '新建账号' });
    await dialog.locator('.el-form-item', { hasText: '组织' }).locator('.el-select').click();
    await page.keyboard.type('卫生院120');
    const option = page.locator('.el-select-dropdown__item:visible', { hasText: '卫生院120' });
    await expect.poll(() => option.count()).toBe(1);
    await option.click();
    await dialog.locator('.el-form-item', { hasText: '用户名' }).locator('input').fill('wsy120b');
    await dialog.locator('.el-form-item', { hasText: '姓名' }).locator('input').fill('卫生院120 第二填报');
    await dialog.locator('.el-form-item', { hasText: '初始密码' }).locator('input').fill('initial-pass');
    await dialog.getByRole('button', { name: /新建（/ }).click();
    await page.locator('[data-test=user-search]').fill('wsy120b');
    await expect.poll(() => rows.first().textContent()).toContain('卫生院120');
  });
});
