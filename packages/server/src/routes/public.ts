/**
 * The public disclosure portal: no login, server-rendered HTML without any script. Only published,
 * not deleted packages appear, and only their public face (the unit, its tables and figures, the
 * documents), never the working side (who saved, history, comments). Open data: every disclosed
 * figure of a year as CSV (streamed) and JSON, with a dictionary; ETags answer 304.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { cellValue, compute, formatMoney, formatScore, type Package } from '@jixiao/core';
import { attachments, type Attachment, type GridCell } from '@jixiao/documents';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../context.js';
import { contentOf } from '../content.js';
import { listPackages } from '../package-list.js';
import { PUBLIC_FIGURES, figuresOf } from '../public-figures.js';
import { type Html, PUBLIC_CSS, html, page } from '../public-html.js';

const PAGE_SIZE = 50;
/** Packages read per query while the open data of a year is written. */
const DATA_BATCH = 200;
/** Bumped when the open data's shape changes, so that cached copies are not reused. */
const DATA_FORMAT = 'v1';
const HTML_TYPE = 'text/html; charset=utf-8';

/** The open data's columns: JSON key, CSV heading, meaning. */
const COLUMNS = [
  ['year', '年度', '预算年度'],
  ['region', '地区', '单位所属的财政部门（地区）'],
  ['department', '主管部门', '单位的主管部门'],
  ['unit', '单位', '预算单位名称'],
  ['packageId', '自评包编号', '自评包的编号，公开页面为 /public/packages/{编号}'],
  ['figure', '指标代码', '数据项的代码（见下表）'],
  ['label', '指标名称', '数据项的中文名称'],
  ['value', '数值', '数值，十进制文本（比率为百分数，保留两位小数）；等级为文字'],
  ['measure', '计量单位', '分、万元、%、个；等级无单位'],
] as const;

type DataRow = Record<(typeof COLUMNS)[number][0], string | number>;

interface PublishedRow {
  id: string;
  org_id: string;
  year: number;
  version: number;
}

/** The published, not deleted package with this id, or undefined. */
async function publishedPackage(s: Services, id: string) {
  return s.db.kysely
    .selectFrom('packages')
    .select(['id', 'org_id', 'year', 'version'])
    .where('id', '=', id)
    .where('status', '=', 'published')
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

function placeOf(s: Services, orgId: string) {
  const unit = s.tree.get(orgId);
  const department = s.tree.departmentOf(orgId);
  const region = department?.parentId ? s.tree.get(department.parentId) : undefined;
  return { unit: unit?.name ?? '', department: department?.name ?? '', region: region?.name ?? '' };
}

/** A strong validator from the parts an answer is made of. */
function etagOf(parts: readonly (string | number)[]): string {
  return `"${createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 27)}"`;
}

/** Sets the ETag and caching headers; true when the client's copy is current (the caller answers 304). */
function fresh(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  reply.header('etag', etag).header('cache-control', 'public, max-age=0, must-revalidate');
  const match = request.headers['if-none-match'];
  return typeof match === 'string' && match.split(',').some((m) => m.trim().replace(/^W\//, '') === etag);
}

function notFoundPage(reply: FastifyReply, message: string) {
  return reply
    .status(404)
    .type(HTML_TYPE)
    .send(
      page(
        '未找到',
        html`<div class="card">
          <h1>未找到</h1>
          <p>${message}</p>
          <p><a href="/public">返回公开自评包列表</a></p>
        </div>`,
      ),
    );
}

function cellHtml(cell: GridCell): Html {
  const numeric = cell.number !== null && !cell.header;
  const cls = numeric || cell.align === 'right' ? 'r' : cell.align === 'center' ? 'c' : '';
  const attrs = html`${cell.colSpan > 1 ? html` colspan="${cell.colSpan}"` : ''}${cell.rowSpan > 1 ? html` rowspan="${cell.rowSpan}"` : ''}${cls ? html` class="${cls}"` : ''}`;
  return cell.header ? html`<th${attrs}>${cell.text}</th>` : html`<td${attrs}>${cell.text}</td>`;
}

function tableHtml(a: Attachment): Html {
  const rows = a.rows.map(
    (row) =>
      html`<tr>
        ${row.map((cell) => (cell ? cellHtml(cell) : ''))}
      </tr> `,
  );
  return html`<section class="attachment card">
    <h2>${a.label} ${a.title}</h2>
    <div class="scroll">
      <table class="grid">
        <thead>
          ${rows.slice(0, a.headerRows)}
        </thead>
        <tbody>
          ${rows.slice(a.headerRows)}
        </tbody>
      </table>
    </div>
    ${a.notes.map((n) => html`<p class="notes">${n}</p>`)}
  </section> `;
}

function csvField(value: string | number): string {
  let text = String(value);
  // A text starting like a formula is shown as text by spreadsheets (numbers stay as they are).
  if (typeof value === 'string' && /^[=+\-@]/.test(text) && !/^-?\d/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The year's published packages, a batch at a time, in id order. */
async function* publishedOfYear(s: Services, year: number): AsyncGenerator<PublishedRow[]> {
  let after = '';
  for (;;) {
    const batch = await s.db.kysely
      .selectFrom('packages')
      .select(['id', 'org_id', 'year', 'version'])
      .where('year', '=', year)
      .where('status', '=', 'published')
      .where('deleted_at', 'is', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(DATA_BATCH)
      .execute();
    if (batch.length === 0) return;
    yield batch;
    if (batch.length < DATA_BATCH) return;
    after = batch[batch.length - 1]!.id;
  }
}

/** One row per published package of the year and disclosed figure. */
async function* dataRows(s: Services, year: number): AsyncGenerator<DataRow[]> {
  for await (const batch of publishedOfYear(s, year)) {
    const rows: DataRow[] = [];
    for (const p of batch) {
      const pkg = await contentOf(s.db.kysely, s.contents, p.id, p.version, { keep: false });
      const place = placeOf(s, p.org_id);
      for (const { figure, value } of figuresOf(pkg, compute(pkg))) {
        rows.push({
          year: p.year,
          region: place.region,
          department: place.department,
          unit: place.unit,
          packageId: p.id,
          figure: figure.id,
          label: figure.label,
          value,
          measure: figure.measure,
        });
      }
    }
    yield rows;
  }
}

/** The year's open data ETag: its published packages' ids and versions, and the names shown with them. */
async function dataEtag(s: Services, year: number, kind: string): Promise<string> {
  const rows = await s.db.kysely
    .selectFrom('packages')
    .select(['id', 'org_id', 'version'])
    .where('year', '=', year)
    .where('status', '=', 'published')
    .where('deleted_at', 'is', null)
    .orderBy('id')
    .execute();
  const parts: (string | number)[] = [DATA_FORMAT, kind, year];
  for (const r of rows) {
    const place = placeOf(s, r.org_id);
    parts.push(r.id, r.version, place.unit, place.department, place.region);
  }
  return etagOf(parts);
}

/** An amount as the tables show it, to 2 dp with thousands separators (the open data keeps the exact figure). */
function shown(value: string, measure: string): string {
  return measure === '万元' ? formatMoney(cellValue(value)) : value;
}

/** A LIKE pattern matching names that contain `text` as typed: its own % and _ are not wildcards. */

function yearOf(text: string | undefined): number | undefined {
  return text && /^\d{4}$/.test(text) ? Number(text) : undefined;
}

/**
 * Rendered package pages by their ETag, least recently used first out: the ETag names everything a
 * page is made of (the version, the names shown), so an entry never goes stale, and a page read by
 * many visitors is computed and laid out once.
 */
class PageCache {
  private readonly entries = new Map<string, string>();

  constructor(private readonly capacity = 200) {}

  get(etag: string): string | undefined {
    const text = this.entries.get(etag);
    if (text !== undefined) {
      this.entries.delete(etag);
      this.entries.set(etag, text);
    }
    return text;
  }

  set(etag: string, text: string): void {
    this.entries.set(etag, text);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }
}

export function publicRoutes(s: Services): FastifyPluginAsync {
  return async (app) => {
    const pages = new PageCache();
    const hidden = { schema: { hide: true } };

    // With a trailing slash the address would reach the web app (its catch-all): send it to the list.
    app.get('/public/', hidden, async (request, reply) => reply.redirect(`/public${request.url.slice('/public/'.length)}`));

    app.get('/public/style.css', hidden, async (request, reply) => {
      if (fresh(request, reply, etagOf([PUBLIC_CSS]))) return reply.status(304).send();
      return reply.type('text/css; charset=utf-8').send(PUBLIC_CSS);
    });

    app.get<{ Querystring: Record<string, string | undefined> }>('/public', hidden, async (request, reply) => {
      const q = (request.query.q ?? '').trim().slice(0, 100);
      const year = yearOf(request.query.year);
      const departmentId = request.query.department ? request.query.department.slice(0, 100) : undefined;
      const pageNo = Math.min(Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1), 10_000);
      const db = s.db.kysely;
      const published = db.selectFrom('packages').where('packages.status', '=', 'published').where('packages.deleted_at', 'is', null);
      // The same list the API gives an anonymous caller: published packages only, filtered and paged in SQL.
      const [{ rows, total }, years, departments] = await Promise.all([
        listPackages(db, s.tree, null, {
          limit: PAGE_SIZE,
          offset: (pageNo - 1) * PAGE_SIZE,
          ...(year !== undefined ? { year } : {}),
          ...(departmentId ? { departmentId } : {}),
          ...(q ? { q } : {}),
        }),
        published.select('packages.year').distinct().orderBy('packages.year', 'desc').execute(),
        published.innerJoin('orgs', 'orgs.id', 'packages.org_id').select('orgs.parent_id').distinct().execute(),
      ]);
      const departmentOptions = departments
        .flatMap((d) => {
          const node = d.parent_id ? s.tree.get(d.parent_id) : undefined;
          return node?.kind === 'department' ? [node] : [];
        })
        .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      const link = (n: number) => {
        const params = new URLSearchParams();
        if (year !== undefined) params.set('year', String(year));
        if (departmentId) params.set('department', departmentId);
        if (q) params.set('q', q);
        params.set('page', String(n));
        return `/public?${params.toString()}`;
      };
      const body = html`<h1>预算单位整体支出绩效自评公开</h1>
        <form class="filters card" method="get" action="/public" role="search">
          <label
            >年度<select name="year">
              <option value="">全部年度</option>
              ${years.map((y) => html`<option value="${y.year}" ${y.year === year ? html` selected` : ''}>${y.year} 年度</option>`)}
            </select></label
          >
          <label
            >主管部门<select name="department">
              <option value="">全部主管部门</option>
              ${departmentOptions.map(
                (d) => html`<option value="${d.id}" ${d.id === departmentId ? html` selected` : ''}>${d.name}</option>`,
              )}
            </select></label
          >
          <label>单位名称<input type="search" name="q" value="${q}" maxlength="100" placeholder="输入单位名称中的文字" /></label>
          <button type="submit">查询</button>
        </form>
        <p class="muted">共 ${total} 个已公开的自评包${pages > 1 ? `，第 ${pageNo} / ${pages} 页` : ''}。</p>
        ${
          rows.length === 0
            ? html`<p class="card">没有符合条件的已公开自评包。</p>`
            : html`<div class="scroll card">
                <table class="list">
                  <thead>
                    <tr>
                      <th>年度</th>
                      <th>单位</th>
                      <th>主管部门</th>
                      <th class="wide">地区</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${rows.map((r) => {
                      const place = placeOf(s, r.org_id);
                      return html`<tr>
                        <td>${r.year}</td>
                        <td><a href="/public/packages/${encodeURIComponent(r.id)}">${place.unit}</a></td>
                        <td>${place.department}</td>
                        <td class="wide">${place.region}</td>
                      </tr> `;
                    })}
                  </tbody>
                </table>
              </div>`
        }
        ${
          pages > 1
            ? html`<nav class="pages">
                ${pageNo > 1 ? html`<a href="${link(pageNo - 1)}">上一页</a>` : ''}${
                  pageNo < pages ? html`<a href="${link(pageNo + 1)}">下一页</a>` : ''
                }
              </nav>`
            : ''
        }`;
      return reply.type(HTML_TYPE).header('cache-control', 'public, max-age=60').send(page('自评包列表', body));
    });

    app.get<{ Params: { id: string } }>('/public/packages/:id', hidden, async (request, reply) => {
      const row = await publishedPackage(s, request.params.id.slice(0, 100));
      if (!row) return notFoundPage(reply, '没有这个已公开的自评包：它可能尚未公开，或编号有误。');
      const place = placeOf(s, row.org_id);
      const etag = etagOf(['package', DATA_FORMAT, row.id, row.version, place.unit, place.department, place.region]);
      if (fresh(request, reply, etag)) return reply.status(304).send();
      const rendered = pages.get(etag);
      if (rendered !== undefined) return reply.type(HTML_TYPE).send(rendered);
      const pkg: Package = await contentOf(s.db.kysely, s.contents, row.id, row.version);
      const computed = compute(pkg);
      const figures = figuresOf(pkg, computed).filter(({ figure }) => figure.id !== 'total_score' && figure.id !== 'grade');
      const overall = computed.overall;
      const exportUrl = (format: string) => `/api/packages/${encodeURIComponent(row.id)}/export?format=${format}`;
      const body = html`<p><a href="/public">← 全部公开自评包</a></p>
        <h1>${place.unit} ${row.year} 年度整体支出绩效自评</h1>
        <section class="card summary">
          <p class="muted meta">
            <span>主管部门：${place.department || '—'}</span>${place.region ? html`<span>地区：${place.region}</span>` : ''}
          </p>
          <dl class="figures">
            <div>
              <dt>自评总分</dt>
              <dd>${overall?.total ? formatScore(overall.total) : '—'}</dd>
            </div>
            <div>
              <dt>自评等级</dt>
              <dd>${overall?.grade ? html`<span class="grade">${overall.grade}</span>` : '—'}</dd>
            </div>
            ${figures.map(
              ({ figure, value }) =>
                html`<div>
                  <dt>${figure.label}</dt>
                  <dd>${shown(value, figure.measure)}${figure.measure ? html` <small>${figure.measure}</small>` : ''}</dd>
                </div>`,
            )}
          </dl>
        </section>
        <section class="card downloads">
          <h2>下载</h2>
          <ul class="downloads">
            <li><a href="${exportUrl('pdf')}" download>PDF 自评报告</a></li>
            <li><a href="${exportUrl('docx')}" download>Word（DOCX）</a></li>
            <li><a href="${exportUrl('xlsx')}" download>Excel（XLSX）附表</a></li>
          </ul>
        </section>
        ${attachments(pkg, computed).map(tableHtml)}`;
      const text = page(`${place.unit} ${row.year} 年度自评`, body);
      pages.set(etag, text);
      return reply.type(HTML_TYPE).send(text);
    });

    app.get('/public/data', hidden, async (_request, reply) => {
      const years = await s.db.kysely
        .selectFrom('packages')
        .select('year')
        .distinct()
        .where('status', '=', 'published')
        .where('deleted_at', 'is', null)
        .orderBy('year', 'desc')
        .execute();
      const body = html`<h1>开放数据</h1>
        <section class="card">
          <p>每个年度已公开自评包的全部公开数据，每行为一个单位的一个数据项。CSV 为 UTF-8 编码（带 BOM，可直接用 Excel 打开）。</p>
          ${
            years.length === 0
              ? html`<p>暂无已公开的数据。</p>`
              : html`<div class="scroll">
                  <table class="list">
                    <thead>
                      <tr>
                        <th>年度</th>
                        <th>CSV</th>
                        <th>JSON</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${years.map(
                        (y) =>
                          html`<tr>
                            <td>${y.year}</td>
                            <td><a href="/public/data/${y.year}.csv">${y.year}.csv</a></td>
                            <td><a href="/public/data/${y.year}.json">${y.year}.json</a></td>
                          </tr>`,
                      )}
                    </tbody>
                  </table>
                </div>`
          }
          <p>数据字典：<a href="/public/data/dictionary">网页</a> · <a href="/public/data/dictionary.json">JSON</a></p>
        </section>`;
      return reply.type(HTML_TYPE).header('cache-control', 'public, max-age=60').send(page('开放数据', body));
    });

    app.get<{ Params: { file: string } }>('/public/data/:file', hidden, async (request, reply) => {
      const file = request.params.file;
      if (file === 'dictionary' || file === 'dictionary.json') return dictionary(request, reply, file.endsWith('.json'));
      const match = /^(\d{4})\.(csv|json)$/.exec(file);
      const year = match ? Number(match[1]) : NaN;
      if (!match || year < 2000 || year > 2100)
        return notFoundPage(reply, `没有这个数据文件：${file}。数据文件按年度命名，例如 2023.csv、2023.json。`);
      const kind = match[2] as 'csv' | 'json';
      if (fresh(request, reply, await dataEtag(s, year, kind))) return reply.status(304).send();
      const stream = Readable.from(kind === 'csv' ? csvLines(s, year) : jsonParts(s, year));
      return reply
        .type(kind === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
        .header('content-disposition', `inline; filename="jixiao-${year}.${kind}"`)
        .send(stream);
    });

    function dictionary(request: FastifyRequest, reply: FastifyReply, json: boolean) {
      const data = {
        columns: COLUMNS.map(([key, heading, meaning]) => ({ key, heading, meaning })),
        figures: PUBLIC_FIGURES.map((f) => ({ id: f.id, label: f.label, measure: f.measure, meaning: f.meaning })),
      };
      if (fresh(request, reply, etagOf([DATA_FORMAT, json ? 'json' : 'html', JSON.stringify(data)]))) return reply.status(304).send();
      if (json) return reply.type('application/json; charset=utf-8').send(data);
      const body = html`<h1>开放数据字典</h1>
        <section class="card">
          <h2>列</h2>
          <div class="scroll">
            <table class="list dict">
              <thead>
                <tr>
                  <th>键（JSON）</th>
                  <th>列名（CSV）</th>
                  <th>含义</th>
                </tr>
              </thead>
              <tbody>
                ${data.columns.map(
                  (c) =>
                    html`<tr>
                      <td><code>${c.key}</code></td>
                      <td>${c.heading}</td>
                      <td>${c.meaning}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>
        </section>
        <section class="card">
          <h2>数据项</h2>
          <div class="scroll">
            <table class="list dict">
              <thead>
                <tr>
                  <th>指标代码</th>
                  <th>指标名称</th>
                  <th>计量单位</th>
                  <th>含义</th>
                </tr>
              </thead>
              <tbody>
                ${data.figures.map(
                  (f) =>
                    html`<tr>
                      <td><code>${f.id}</code></td>
                      <td>${f.label}</td>
                      <td>${f.measure || '—'}</td>
                      <td>${f.meaning}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>
          <p class="notes">
            单位缺少某项数据时（例如没有填写三公经费），该行不出现，而不是记为 0。CSV 中以 = + - @
            开头的文字前加一个单引号，以免表格软件把它当作公式。
          </p>
        </section>`;
      return reply.type(HTML_TYPE).send(page('开放数据字典', body));
    }
  };
}

async function* csvLines(s: Services, year: number): AsyncGenerator<string> {
  yield `\uFEFF${COLUMNS.map(([, heading]) => heading).join(',')}\r\n`;
  for await (const rows of dataRows(s, year)) {
    if (rows.length > 0) yield rows.map((r) => `${COLUMNS.map(([key]) => csvField(r[key])).join(',')}\r\n`).join('');
  }
}

async function* jsonParts(s: Services, year: number): AsyncGenerator<string> {
  yield `{"year":${year},"dictionary":"/public/data/dictionary.json","rows":[`;
  let first = true;
  for await (const rows of dataRows(s, year)) {
    if (rows.length === 0) continue;
    yield `${first ? '\n' : ',\n'}${rows.map((r) => JSON.stringify(r)).join(',\n')}`;
    first = false;
  }
  yield '\n]}\n';
}
