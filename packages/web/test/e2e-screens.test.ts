/**
 * Every screen of the web app, as each kind of user reaches it, at a desk (1366×768) and on a phone
 * (390×844): a screenshot of each goes to screenshots/web/screens/ to be looked at, and on the phone
 * no page is wider than the screen (tables scroll inside their own box).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, apiSession, launchBrowser, missingForBrowser, startService, type Running } from './browser-support.js';

if (missingForBrowser) console.warn(`跳过全部页面截图测试：${missingForBrowser}`);

const SIZES = [
  { name: 'desk', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;

interface Screen {
  name: string;
  /** the demo account that sees it; none for the public */
  user: string | null;
  /** brings the screen up on a page where the user is logged in */
  open(page: Page, base: string): Promise<void>;
}

const tab = (label: string) => async (page: Page) => {
  await page.getByRole('tab', { name: label, exact: true }).click();
  await page.waitForTimeout(300);
};

describe.skipIf(missingForBrowser !== null)('every screen at a desk and on a phone', () => {
  let service: Running;
  let browser: Browser;
  let packageId = '';
  let publishedId = '';
  const dir = join(SHOTS, 'screens');

  const openPackage = async (page: Page, base: string) => {
    // A fresh load, so that the editor opens on its first tab whatever was open before.
    await page.goto(`${base}#/packages/${packageId}`);
    await page.reload();
    await page.locator('[data-sheet=control]').waitFor();
  };
  const editorTab = (label: RegExp) => async (page: Page, base: string) => {
    await openPackage(page, base);
    await page.getByRole('tab', { name: label }).click();
    await page.waitForTimeout(300);
  };
  const admin = (label: string) => async (page: Page, base: string) => {
    await page.goto(`${base}#/admin`);
    await tab(label)(page);
  };

  const screens: Screen[] = [
    { name: 'login', user: null, open: async (page, base) => void (await page.goto(`${base}#/login`)) },
    { name: 'public-list', user: null, open: async (page, base) => void (await page.goto(`${base}public`)) },
    { name: 'unit-packages', user: 'tianbao', open: async (page, base) => void (await page.goto(`${base}#/packages`)) },
    { name: 'editor-basic', user: 'tianbao', open: openPackage },
    { name: 'editor-overall', user: 'tianbao', open: editorTab(/整体支出自评表/) },
    { name: 'editor-projects', user: 'tianbao', open: editorTab(/项目支出/) },
    { name: 'editor-other', user: 'tianbao', open: editorTab(/附件4/) },
    { name: 'editor-report', user: 'tianbao', open: editorTab(/正文/) },
    {
      name: 'editor-history',
      user: 'tianbao',
      open: async (page, base) => {
        await openPackage(page, base);
        await page.locator('[data-test=history]').click();
        await page.locator('.el-drawer').waitFor();
        await page.waitForTimeout(500);
      },
    },
    {
      name: 'editor-import',
      user: 'tianbao',
      open: async (page, base) => {
        await openPackage(page, base);
        await page.getByRole('button', { name: '导入', exact: true }).click();
        await page.locator('.el-dialog').waitFor();
        await page.waitForTimeout(500);
      },
    },
    { name: 'department-review', user: 'bumen', open: async (page, base) => void (await page.goto(`${base}#/review`)) },
    { name: 'department-package', user: 'bumen', open: openPackage },
    { name: 'finance-review', user: 'caizheng', open: async (page, base) => void (await page.goto(`${base}#/review`)) },
    { name: 'finance-audit', user: 'caizheng', open: async (page, base) => void (await page.goto(`${base}#/audit`)) },
    { name: 'finance-tasks', user: 'caizheng', open: async (page, base) => void (await page.goto(`${base}#/tasks`)) },
    {
      name: 'finance-overview',
      user: 'caizheng',
      open: async (page, base) => {
        await page.goto(`${base}#/overview`);
        await page.locator('.overview .cards').waitFor();
      },
    },
    {
      name: 'notices',
      user: 'fuzeren',
      open: async (page, base) => {
        await page.goto(`${base}#/packages`);
        await page.locator('[data-test=notice-bell]').click();
        await page.waitForTimeout(500);
      },
    },
    { name: 'public-package', user: null, open: async (page, base) => void (await page.goto(`${base}public/packages/${publishedId}`)) },
    { name: 'admin-import', user: 'admin', open: admin('批量导入单位和账号') },
    { name: 'admin-orgs', user: 'admin', open: admin('组织') },
    { name: 'admin-users', user: 'admin', open: admin('账号') },
    { name: 'admin-log', user: 'admin', open: admin('操作记录') },
  ];

  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    service = await startService();
    browser = await launchBrowser();
    const unit = await apiSession(service.base, 'tianbao', service.password);
    const list = (await unit('GET', '/packages')).body.packages as { id: string; orgName: string }[];
    packageId = list.find((p) => p.orgName.includes('吕仙亭'))!.id;
    const published = (await unit('GET', '/packages?status=published')).body.packages as { id: string }[];
    publishedId = published[0]!.id;
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
  });

  for (const size of SIZES) {
    it(`shows every screen at ${size.width}×${size.height}${size.name === 'phone' ? ' no wider than the phone' : ''}`, async () => {
      const pages = new Map<string | null, Page>();
      const pageOf = async (user: string | null): Promise<Page> => {
        const known = pages.get(user);
        if (known) return known;
        const page = await browser.newPage({ viewport: { width: size.width, height: size.height } });
        page.setDefaultTimeout(20_000);
        if (user) {
          await page.goto(`${service.base}#/login`);
          await page.locator('input[name=username]').fill(user);
          await page.locator('input[name=password]').fill(service.password);
          await page.locator('[data-test=login]').click();
          await page.locator('[data-test=who]').waitFor();
        }
        pages.set(user, page);
        return page;
      };
      const tooWide: string[] = [];
      for (const screen of screens) {
        const page = await pageOf(screen.user);
        await screen.open(page, service.base);
        await page.waitForLoadState('networkidle');
        await page.screenshot({ path: join(dir, `${size.name}-${screen.name}.png`) });
        if (size.name === 'phone') {
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          if (width > size.width) tooWide.push(`${screen.name}: ${width}px`);
        }
      }
      for (const page of pages.values()) await page.close();
      expect(tooWide).toEqual([]);
    });
  }
});
