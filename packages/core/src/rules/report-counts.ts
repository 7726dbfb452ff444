/**
 * Counts the report's text states against what it lists: "直属事业单位10个，即A、B、…" must name ten,
 * "共15个项目" cannot be fewer than the projects it then breaks down. Needs no table.
 */
import { sum } from '../decimal.js';
import { parseChineseNumber } from '../forms/report.js';
import { Stop, THING_MEASURES, holds, type Prose, type TextFigure } from '../text-figures.js';
import { inQuotes } from './figures.js';
import { proseRule } from './report-prose.js';
import type { Rule } from './types.js';
import { matchesOf } from '../matches.js';

const COUNT = String.raw`(\d+|[一二两三四五六七八九十]{1,3})\s*([${THING_MEASURES}名])`;
/** "N个X：A、B、C" / "N个，即A、B、C" / "N个，分别为A、B、C": the count announces the list that follows. */
const ANNOUNCED = new RegExp(
  String.raw`(?<![第\d一二两三四五六七八九十])${COUNT}([\u4e00-\u9fff]{0,10}?)\s*(?:[:：]|[，,]?\s*(?:即|分别为|分别是|具体为|具体是)\s*[:：]?)`,
  'g',
);
/** "A、B、C共3个": a count closing the list before it. */
const CLOSING = new RegExp(String.raw`(共计|合计|总计|共有|共)?\s*${COUNT}`, 'g');

function countValue(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  return parseChineseNumber(text.replace(/两/g, '二'));
}

/** A list's items: clauses joined by "、" (brackets removed); null when it is no plain list of names. */
function names(items: string[]): string[] | null {
  const cleaned = items.map((item) => item.replace(/[(（][^)）]*[)）]/g, '').trim());
  if (cleaned.length < 2) return null;
  if (cleaned.some((item) => item === '' || item.length > 30 || /\d/.test(item) || /等等?[\u4e00-\u9fff]{0,4}$/.test(item))) return null;
  return cleaned;
}

/** The item clauses after position `at`: from its clause to the first clause ending in more than "、". */
function listAfter(prose: Prose, at: number): string[] | null {
  const first = prose.clauses.findIndex((c) => at >= c.start && at <= c.end);
  if (first === -1) return null;
  const items: string[] = [];
  for (let k = first; k < prose.clauses.length; k++) {
    const clause = prose.clauses[k]!;
    items.push(prose.written.slice(Math.max(clause.start, at), clause.end));
    if (clause.stop !== Stop.Enumeration) {
      // The list must end its clause: "…、C，总投资…" is fine, "…、C等" or "…、C3个" is no list of names.
      return items;
    }
  }
  return null;
}

/** The item clauses ending at position `at` (the last one is cut there). */
function listBefore(prose: Prose, at: number): string[] {
  const last = prose.clauses.findIndex((c) => at >= c.start && at <= c.end);
  if (last === -1) return [];
  const items = [prose.written.slice(prose.clauses[last]!.start, at)];
  for (let k = last - 1; k >= 0 && prose.clauses[k]!.stop === Stop.Enumeration; k--) {
    const clause = prose.clauses[k]!;
    items.unshift(prose.written.slice(clause.start, clause.end));
  }
  return items;
}

/** The measure words COUNT ends with, by code. */
const MEASURE = new Uint8Array(0x10000);
for (const ch of `${THING_MEASURES}名`) MEASURE[ch.charCodeAt(0)] = 1;

/** Whether text[start, end) holds a measure word: CLOSING matches no clause without one, and most have none. */
function hasMeasure(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (MEASURE[text.charCodeAt(i)] === 1) return true;
  return false;
}

/**
 * CLOSING's matches in the clauses whose two clauses before end in "、", in order, with their index in
 * the paragraph: only there can a count close a list of three names or more (listBefore's clauses). No
 * match reaches over a delimiter, so a clause's matches are the same in its own text as in the paragraph,
 * and each clause is searched on its own, the rest of the prose not at all.
 */
function closingCounts(prose: Prose): { index: number; match: RegExpExecArray }[] {
  const out: { index: number; match: RegExpExecArray }[] = [];
  const { clauses } = prose;
  for (let k = 2; k < clauses.length; k++) {
    const clause = clauses[k]!;
    if (clauses[k - 1]!.stop !== Stop.Enumeration || clauses[k - 2]!.stop !== Stop.Enumeration) continue;
    if (!hasMeasure(prose.text, clause.start, clause.end)) continue;
    for (const match of matchesOf(CLOSING, prose.text.slice(clause.start, clause.end)))
      out.push({ index: clause.start + match.index, match });
  }
  return out;
}

/** How many names a list holds: "A、B和C" may be two or three. */
function counted(list: string[]): number[] {
  const last = list.at(-1) ?? '';
  return /[和及与]|以及/.test(last) ? [list.length, list.length + 1] : [list.length];
}

function shortList(list: string[]): string {
  return list.length > 8 ? `${list.slice(0, 8).join('、')}…` : list.join('、');
}

/** The words that announce a list, from the start of their clause: "直属事业单位10个". */
function announcement(prose: Prose, match: RegExpExecArray): string {
  const clause = prose.clauses.find((c) => match.index >= c.start && match.index < c.end);
  const measure = match[0].indexOf(match[2] ?? '', (match[1] ?? '').length);
  const end = match.index + measure + (match[2]?.length ?? 0) + (match[3]?.length ?? 0);
  return prose.written
    .slice(clause?.start ?? match.index, end)
    .replace(/\s+/g, '')
    .replace(/[，,:：]+$/, '');
}

/** A paragraph ANNOUNCED can match holds a colon, 即, 分别 or 具体. */
const mayAnnounce = (prose: Prose) =>
  holds(prose, ':') || holds(prose, '：') || holds(prose, '即') || holds(prose, '分别') || holds(prose, '具体');

const announcedCounts = proseRule('rt.count', '错误', '正文写“N个X：A、B、C”时，列出的名称个数应等于 N', (prose) => {
  const found: string[] = [];
  if (!mayAnnounce(prose)) return found;
  for (const match of matchesOf(ANNOUNCED, prose.text)) {
    const n = countValue(match[1] ?? '');
    if (n === null || n < 2) continue;
    const list = listAfter(prose, match.index + match[0].length);
    const items = list && names(list);
    if (!items) continue;
    const possible = counted(items);
    if (!possible.includes(n)) found.push(`写${inQuotes(announcement(prose, match))}，其后列出 ${items.length} 个：${shortList(items)}`);
  }
  return found;
});

const TOTAL_WORDS = /共计|合计|总计|共有|共/;

/** "实施项目共15个 … 年初8个项目 … 年中增加8个项目": the counts after a total that name its noun. */
function countParts(prose: Prose, total: TextFigure): TextFigure[] {
  const noun = total.noun || total.label;
  const parts: TextFigure[] = [];
  for (const f of prose.figures) {
    if (f.sentence !== total.sentence || f.start <= total.end) continue;
    if (/^\s*(?:其中|含|包括)/.test(prose.text.slice(prose.clauses[f.clause]!.start, f.start))) break;
    if (f.kind === 'count' && TOTAL_WORDS.test(f.before)) break;
    if (f.kind !== 'count' || f.bracketed || f.approximate || f.unit !== total.unit || f.noun === '') continue;
    // "实施项目共15个" and "8个项目", "共15个项目" and "3个项目已完工": the same noun.
    if (noun.endsWith(f.noun) || f.noun.startsWith(noun.slice(-2))) parts.push(f);
  }
  return parts;
}

const countPartsOver = proseRule(
  'rt.count-parts',
  '警告',
  '“共N个”之后分述的个数之和不应超过 N；名称列表后所写的个数应与列出的名称个数一致',
  (prose) => {
    const found: string[] = [];
    for (const total of prose.figures) {
      if (total.kind !== 'count' || total.bracketed || total.approximate || !TOTAL_WORDS.test(total.before)) continue;
      if (!THING_MEASURES.includes(total.unit)) continue;
      const parts = countParts(prose, total);
      if (parts.length < 2) continue;
      const added = sum(parts.map((f) => f.value));
      if (added.greaterThan(total.value)) {
        const terms = parts.map((f) => `${f.label}${f.number}${f.unit}${f.noun}`).join(' + ');
        found.push(
          `写${inQuotes(`${total.before.trim()}${total.number}${total.unit}${total.noun}`)}，其后分述 ${terms} = ${added.toString()}${total.unit}，多于总数 ${total.value.toString()}${total.unit}`,
        );
      }
    }
    // "内设A、B、C 3个股室": the count right after a list of names. Three names need two "、" before the count.
    const enumeration = prose.text.indexOf('、');
    if (enumeration === -1 || prose.text.indexOf('、', enumeration + 1) === -1) return found;
    for (const { index, match } of closingCounts(prose)) {
      const n = countValue(match[2] ?? '');
      if (n === null || n < 2) continue;
      const list = names(listBefore(prose, index));
      // The count must close the list: "…、信息中心21个股室", not "…、业务股共有干部4名".
      if (!list || list.length < 3 || !/^[\u4e00-\u9fff]{1,12}$/.test(list.at(-1)!) || /[有为是的了]/.test(list.at(-1)!)) continue;
      const possible = counted(list);
      // A count far from the names counts something else ("企业、社区、学校20家"): only a near miss is a miscount.
      if (!possible.includes(n) && Math.abs(n - list.length) <= 2) {
        found.push(`列出 ${list.length} 个名称（${shortList(list)}）后写${inQuotes(match[0].trim())}，个数不一致`);
      }
    }
    return found;
  },
);

export const REPORT_COUNT_RULES: readonly Rule[] = [announcedCounts, countPartsOver];
