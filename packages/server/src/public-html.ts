/**
 * Server-rendered HTML of the public disclosure portal (routes/public.ts): a tagged template that
 * escapes every value it is given, so that text from the database (unit names, table cells) can
 * never become markup, and the page frame with its stylesheet. No script anywhere.
 */

/** Markup already escaped or written here: inserted into a template as it is. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type HtmlPart = Html | string | number | null | undefined | false | readonly HtmlPart[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML text or attribute value (quoted with "): & < > " ' escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

function part(value: HtmlPart): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(part).join('');
  return escapeHtml(String(value as string | number));
}

/** `html\`<p>${text}</p>\``: the values are escaped, unless they are Html; arrays are joined. */
export function html(strings: TemplateStringsArray, ...values: HtmlPart[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += part(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** A whole page: Chinese, phone-sized viewport, the portal's stylesheet, a header and a footer. */
export function page(title: string, main: Html): string {
  return `<!doctype html>${
    html`<html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · 预算绩效自评公开</title>
        <link rel="stylesheet" href="/public/style.css" />
      </head>
      <body>
        <header class="site">
          <a href="/public">预算绩效自评公开</a>
          <nav><a href="/public">自评包</a><a href="/public/data">开放数据</a></nav>
        </header>
        <main>${main}</main>
        <footer class="site">本页公开的内容为已发布的预算单位整体支出绩效自评结果；数据可按年度下载（CSV、JSON）。</footer>
      </body>
    </html> `.text
  }`;
}

/** The portal's stylesheet: readable at 390 px (tables scroll inside their box), printable without the navigation. */
export const PUBLIC_CSS = `*{box-sizing:border-box}
body{margin:0;font:15px/1.6 system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#1f2328;background:#f6f7f9}
a{color:#0b57d0}
header.site{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;align-items:center;justify-content:space-between;padding:.75rem 1rem;background:#8f1d1d;color:#fff}
header.site a{color:#fff;text-decoration:none}
header.site>a{font-weight:600;font-size:1.1rem}
header.site nav{display:flex;gap:1rem}
main{max-width:1100px;margin:0 auto;padding:1rem}
footer.site{max-width:1100px;margin:0 auto;padding:1rem;color:#57606a;font-size:.85rem}
h1{font-size:1.35rem;line-height:1.4;margin:.5rem 0 1rem}
h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
.card{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:1rem;margin-bottom:1rem}
.card>:first-child{margin-top:0}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}
form.filters label{display:flex;flex-direction:column;font-size:.85rem;color:#57606a;flex:1 1 10rem}
form.filters input,form.filters select,form.filters button{font:inherit;padding:.35rem .5rem;border:1px solid #8c959f;border-radius:4px;background:#fff;min-height:2.25rem}
form.filters button{background:#8f1d1d;color:#fff;border-color:#8f1d1d;flex:0 0 auto}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;max-width:100%}
table{border-collapse:collapse;background:#fff;font-size:.9rem}
th,td{border:1px solid #8c959f;padding:.3rem .5rem;vertical-align:middle}
th{background:#eef1f4;font-weight:600}
table.list{width:100%}
table.list th,table.list td{text-align:left}
table.dict{min-width:34rem}
table.dict code{white-space:nowrap}
table.grid{min-width:36rem}
table.grid td.r{text-align:right;white-space:nowrap}
table.grid .c{text-align:center}
.notes{font-size:.85rem;color:#57606a}
dl.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:.75rem;margin:0}
dl.figures div{background:#f6f7f9;border-radius:4px;padding:.5rem .75rem}
dl.figures dt{font-size:.8rem;color:#57606a}
dl.figures dd{margin:0;font-size:1.15rem;font-weight:600}
.grade{display:inline-block;min-width:2em;text-align:center;padding:0 .4em;border-radius:4px;background:#8f1d1d;color:#fff}
ul.downloads{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:0}
ul.downloads a{display:inline-block;padding:.4rem .9rem;border:1px solid #0b57d0;border-radius:4px;text-decoration:none}
.pages{display:flex;gap:1rem;justify-content:center;margin:1rem 0}
.muted{color:#57606a}
.meta span{display:inline-block;margin-right:1.5em}
@media (max-width:600px){main{padding:.5rem}.card{padding:.75rem}h1{font-size:1.15rem}table.list .wide{display:none}}
@media print{header.site nav,form.filters,section.downloads,.pages,footer.site{display:none}
body{background:#fff;font-size:11pt}header.site{background:none;color:#000;padding:0}header.site a{color:#000}
.card{border:none;padding:0}.scroll{overflow:visible}table.grid{min-width:0;width:100%;font-size:9pt}section.attachment+section.attachment{break-before:page}
a{color:#000;text-decoration:none}th{background:#eee}}
`;
