// The web app's first load in Debian's chromium: the built server (packages/server/dist/start.js) serving
// the built web app (packages/web/dist) on a throw-away SQLite database with the demo region. Counts the
// bytes that crossed the wire (compressed size plus headers, as the browser's network panel shows them)
// for the login screen, then for logging in and reaching the package list, then for opening the app again
// in a new tab of the same browser (hashed files come from its cache); once with gzip only and once with
// brotli allowed.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { loadNote } from './load.mjs';
import { startServer } from './start-server.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const WEB_INDEX = join(ROOT, 'packages/web/dist/index.html');
const CHROMIUM = '/usr/bin/chromium';
const USER = 'fuzeren';
const PASSWORD = 'bench-password-1';
const TARGET_KB = 400;

/** The demo password must be changed at first login; done once over the API so both browser runs log in the same way. */
async function changeDemoPassword(url) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: USER, password: 'jixiao-demo' }),
  });
  const { user, csrfToken } = await res.json();
  if (!user.mustChangePassword) return;
  const changed = await fetch(`${url}/api/auth/password`, {
    method: 'POST',
    headers: { cookie: res.headers.get('set-cookie').split(';')[0], 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ currentPassword: 'jixiao-demo', newPassword: PASSWORD }),
  });
  if (!changed.ok) throw new Error(`change password: ${changed.status} ${await changed.text()}`);
}

/** Bytes per kind of resource, read from the DevTools protocol as each response finishes. */
class Traffic {
  constructor() {
    this.kinds = new Map();
    this.finished = [];
    this.encodings = new Set();
    this.cached = 0;
    this.pending = new Set();
    this.lastActivity = 0;
  }

  async attach(page) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const settle = (requestId) => {
      this.pending.delete(requestId);
      this.lastActivity = Date.now();
    };
    cdp.on('Network.requestWillBeSent', ({ requestId }) => {
      this.pending.add(requestId);
      this.lastActivity = Date.now();
    });
    cdp.on('Network.loadingFailed', ({ requestId }) => settle(requestId));
    cdp.on('Network.responseReceived', ({ requestId, type, response }) => {
      // The browser asks for a favicon once per browser, not per page: counting it would make the runs differ.
      if (new URL(response.url).pathname === '/favicon.ico') return;
      this.kinds.set(requestId, type);
      if (response.fromDiskCache || response.fromMemoryCache) this.cached++;
      const encoding = Object.entries(response.headers).find(([name]) => name.toLowerCase() === 'content-encoding')?.[1];
      if (encoding && (type === 'Script' || type === 'Stylesheet')) this.encodings.add(encoding);
    });
    cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
      settle(requestId);
      if (this.kinds.has(requestId)) this.finished.push({ kind: this.kinds.get(requestId), bytes: encodedDataLength });
    });
  }

  /**
   * Until nothing has been asked or answered for half a second. Playwright's `networkidle` is reached once
   * per document, and logging in only changes the `#` route of the same document.
   */
  async idle() {
    while (this.pending.size > 0 || Date.now() - this.lastActivity < 500) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  /** Totals since the previous call. */
  take() {
    const sum = (kind) => this.finished.filter((f) => kind === undefined || f.kind === kind).reduce((s, f) => s + f.bytes, 0);
    const figures = { js: sum('Script'), css: sum('Stylesheet'), total: sum(), requests: this.finished.length, cached: this.cached };
    this.finished = [];
    this.cached = 0;
    return figures;
  }
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
/** Pads to a column width in which a Chinese character takes two places, as in a terminal. */
const pad = (text, width) => text + ' '.repeat(Math.max(0, width - [...text].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 2 : 1), 0)));
const line = (label, f) =>
  `${pad(label, 18)} JS ${kb(f.js).padStart(9)}   CSS ${kb(f.css).padStart(8)}   合计 ${kb(f.total).padStart(9)}（${f.requests} 个请求${f.cached ? `，其中 ${f.cached} 个取自缓存` : ''}）`;

async function measure(browser, url, encodings) {
  // The browser keeps an Accept-Encoding it is given, so this shows what a browser without brotli receives.
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    extraHTTPHeaders: { 'accept-encoding': encodings.join(', ') },
  });
  try {
    const page = await context.newPage();
    const traffic = new Traffic();
    await traffic.attach(page);

    await page.goto(`${url}/`);
    await page.locator('input[name=username]').waitFor();
    await traffic.idle();
    const first = traffic.take();

    await page.locator('input[name=username]').fill(USER);
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.locator('[data-test=login]').click();
    await page.locator('[data-test=package-list]').waitFor();
    await traffic.idle();
    const list = traffic.take();

    const again = await context.newPage();
    await traffic.attach(again);
    await again.goto(`${url}/`);
    await again.locator('[data-test=package-list]').waitFor();
    await traffic.idle();
    const revisit = traffic.take();
    return { first, list, revisit, encodings: [...traffic.encodings] };
  } finally {
    await context.close();
  }
}

export async function run() {
  console.log('\n== 网页端首次加载（Debian chromium，无缓存；传输字节含响应头）==');
  if (!existsSync(CHROMIUM) || !existsSync(WEB_INDEX)) {
    console.log(`-- 跳过：${existsSync(CHROMIUM) ? '网页端尚未构建（npm run build:web）' : `未找到 ${CHROMIUM}`} --`);
    return;
  }
  console.log(`（${loadNote()}）`);
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-bench-web-'));
  let child;
  let browser;
  try {
    const server = await startServer({ JIXIAO_DB: join(dir, 'bench.sqlite') });
    child = server.child;
    const url = server.url;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    await changeDemoPassword(url);
    for (const offered of [
      ['gzip', 'deflate'],
      ['gzip', 'deflate', 'br'],
    ]) {
      const { first, list, revisit, encodings } = await measure(browser, url, offered);
      console.log(`-- Accept-Encoding: ${offered.join(', ')}（脚本与样式的压缩方式：${encodings.join('、') || '未压缩'}）--`);
      console.log(line('登录页', first));
      console.log(line('登录到自评包列表', list));
      console.log(
        line('两步合计', {
          js: first.js + list.js,
          css: first.css + list.css,
          total: first.total + list.total,
          requests: first.requests + list.requests,
        }),
      );
      console.log(line('新标签页再次打开', revisit));
      if (!offered.includes('br')) {
        console.log(`登录页 gzip 合计 ${kb(first.total)}，目标 ≤ ${TARGET_KB} KB：${first.total <= TARGET_KB * 1024 ? '达到' : '未达到'}`);
      }
    }
    console.log(`（结束时${loadNote()}）`);
  } finally {
    await browser?.close();
    if (child) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
