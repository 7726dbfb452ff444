/**
 * What every end-to-end test of the web app needs: the real service on a fresh SQLite file with the
 * demo region, Debian's chromium, a second user through the API, and the steps a user takes (log in,
 * open a package, type into a cell, paste from Excel, take a screenshot once the screen is still).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@jixiao/server';

export const CHROMIUM = '/usr/bin/chromium';
export const WEB_DIST = fileURLToPath(new URL('../dist', import.meta.url));
export const REPO = fileURLToPath(new URL('../../..', import.meta.url));
export const SHOTS = join(REPO, 'screenshots', 'web');
export const EXAMPLE = join(REPO, 'examples', 'lvxianting-2023.json');

/** Why the browser tests cannot run here, or null when they can; printed once by the caller's skip. */
export const missingForBrowser: string | null = !existsSync(CHROMIUM)
  ? `未找到 ${CHROMIUM}（apt-get install chromium）`
  : !existsSync(join(WEB_DIST, 'index.html'))
    ? '网页端尚未构建（npm run build:web）'
    : null;

export interface Running {
  base: string;
  password: string;
  /** Starts working the background jobs, for a service started with `workJobs: false`. */
  startJobs(): Promise<void>;
  /** The service's database, for a state no screen can bring about (a background job failed after its attempts). */
  db: Db['kysely'];
  stop(): Promise<void>;
}

/**
 * The service from @jixiao/server on a free port, a fresh SQLite file and the demo region; `clock`
 * sets the service's clock (due dates, days left) where a test needs a day of its choosing;
 * `workJobs: false` leaves background jobs queued until `startJobs`, so that a test sees them waiting.
 */
export async function startService(options: { clock?: () => Date; workJobs?: boolean } = {}): Promise<Running> {
  const server = await import('@jixiao/server');
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-web-e2e-'));
  const db = await server.openDatabase({ sqliteFile: join(dir, 'e2e.sqlite') });
  const app = await server.buildApp({ db, webRoot: WEB_DIST, loginAttemptsPerMinute: 1000, ...options });
  await app.ready();
  const accounts = await server.seedDemo(app.services, { mustChangePassword: false });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    base: `${address}/`,
    password: accounts?.[0]?.password ?? '',
    startJobs: () => app.services.jobs.work(1),
    db: db.kysely,
    async stop() {
      await app.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type ApiCall = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: Record<string, unknown> }>;

/** A second user working through the API at the same time, as another browser would. */
export async function apiSession(base: string, username: string, password: string): Promise<ApiCall> {
  const login = await fetch(`${base}api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return async (method, path, body) => {
    const response = await fetch(`${base}api${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
}

/** Debian's chromium, headless, with the flags this machine needs. */
export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The steps a user takes in the web app, on one page of one running service. */
export function userSteps(page: Page, service: Running) {
  const cell = (path: string) => page.locator(`.sheet-cell[data-path="${path}"]`);
  return {
    cell,
    /** A derived (computed) cell of the row that holds the input cell at rowPath. */
    derived: (rowPath: string, col: string) =>
      page.locator(`.sheet-row:has(.sheet-cell[data-path="${rowPath}"]) .sheet-cell[data-col="${col}"]`),
    status: () => page.locator('.package-view [data-test=status]'),
    /** A screenshot of what the user sees once the transient toasts have gone and dialogs have finished opening. */
    async shot(name: string): Promise<void> {
      await expect.poll(() => page.locator('.el-message').count(), { timeout: 10_000 }).toBe(0);
      await page.waitForFunction(() => !document.querySelector('[class*="-enter-active"], [class*="-leave-active"]'));
      await page.screenshot({ path: join(SHOTS, `${name}.png`) });
    },
    async login(username: string): Promise<void> {
      await page.goto(`${service.base}#/login`);
      await page.locator('input[name=username]').fill(username);
      await page.locator('input[name=password]').fill(service.password);
      await page.locator('[data-test=login]').click();
      await page.locator('[data-test=who]').waitFor();
    },
    async logout(): Promise<void> {
      await page.getByRole('button', { name: '退出' }).click();
      await page.locator('input[name=username]').waitFor();
    },
    /** Confirms 提交 / 审核通过 / 公开 in the dialog that lists the open 警告 and says what happens next. */
    async confirmAct(): Promise<void> {
      const box = page.locator('.act-confirm-box');
      await box.waitFor();
      await box.locator('.el-button--primary').click();
      await box.waitFor({ state: 'hidden' });
    },
    async openPackage(id: string): Promise<void> {
      await page.goto(`${service.base}#/packages/${id}`);
      await page.locator('[data-sheet=control]').waitFor();
    },
    async typeInto(path: string, text: string): Promise<void> {
      await cell(path).click();
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
    },
    /** What Excel or WPS puts on the clipboard, pasted into the active cell. */
    async paste(text: string): Promise<void> {
      await page.evaluate((tsv) => {
        const data = new DataTransfer();
        data.setData('text/plain', tsv);
        document.activeElement?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      }, text);
    },
  };
}
