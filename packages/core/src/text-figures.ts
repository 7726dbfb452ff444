/**
 * The figures a paragraph of prose states — amounts, counts of people and things, percentages — each
 * with the words that name it, the clause and sentence it stands in and whether it is only a note in
 * brackets or an approximation ("500余人"). The report's own-arithmetic rules recompute sums, rates and
 * changes from these; nothing here judges. Platform independent, exact (decimal.ts).
 */
import { Decimal } from './decimal.js';
import { toHalfWidth } from './number-input.js';

export type FigureKind = 'money' | 'count' | 'percent';

/** What ends a clause, weakest first: 、 then ， then ； then 。 (and the paragraph's end). */
export const Stop = { Enumeration: 1, Comma: 2, Semicolon: 3, Sentence: 4 } as const;
export type Stop = (typeof Stop)[keyof typeof Stop];

export interface Clause {
  start: number;
  /** exclusive; the delimiter itself is not part of the clause */
  end: number;
  sentence: number;
  /** the delimiter that ends the clause */
  stop: Stop;
}

/** Time a figure speaks of, from its own words or the clause that opens its sentence. */
export type Period = 'prior' | 'current' | 'other' | 'none';

export interface TextFigure {
  kind: FigureKind;
  /** the number as written, separators removed: "1325.68" */
  number: string;
  /** the value in its unit as written (万元, 元, 人, %) */
  value: Decimal;
  /** money in 万元, exactly; counts and percentages as written */
  amount: Decimal;
  /** 万元, 元, 亿元, 万 (for 万元), %, 人, 个 … */
  unit: string;
  /** for a count, the noun after the measure word: "8个项目" → "项目" */
  noun: string;
  /** [start, end) in the paragraph: the number, its unit and noun */
  start: number;
  end: number;
  /** the words before the figure in its clause, linking words removed: "年初批复预算", "决算数" */
  label: string;
  /** the clause's text before the figure, as written (numbering removed) */
  before: string;
  /** 约, 近, 余, 多, 以上, 左右 */
  approximate: boolean;
  /** a rate per person or per unit ("300元/人", "生均1000元"), not an amount */
  perUnit: boolean;
  /** inside brackets: a note on what stands before it */
  bracketed: boolean;
  clause: number;
  sentence: number;
  period: Period;
}

export interface Prose {
  /** the paragraph as written */
  written: string;
  /** half-width digits and brackets, "，" kept apart from the ASCII "," of thousands; same length as written */
  text: string;
  clauses: Clause[];
  figures: TextFigure[];
}

const OPENING = '(（[【《“‘';
const CLOSING = ')）]】》”’';

const MONEY_UNITS: Readonly<Record<string, Decimal>> = {
  亿元: new Decimal(10000),
  万元: new Decimal(1),
  万: new Decimal(1),
  千元: new Decimal('0.1'),
  元: new Decimal('0.0001'),
};
/** People: 人 and 名 count the same thing. */
const PEOPLE = new Set(['人', '名']);
/** Measure words that count things a list can name. */
export const THING_MEASURES = '个家项所类条处支座户台辆批件种部间套';

const NUMBER = /(?<![\d.A-Za-z_/#-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?/g;
const UNIT = new RegExp(
  String.raw`^\s*(余|多)?\s*(亿元|万元|千元|元|万(?![人户册份次个件名只株亩条家项所辆台座处批套篇期种类场])|%|人次|人|名|批次|场次|次|场|册|份|篇|期|[${THING_MEASURES}])`,
);
const APPROXIMATE_BEFORE = /(?:约|近|超过|超|逾|大约|将近|不足|不到|达到约)\s*$/;
const APPROXIMATE_AFTER = /^\s*(?:以上|左右|余|多|上下)/;
const PER_UNIT_BEFORE = /(?:每人|每户|每名|每个|每|人均|生均|户均|标准为?|单价为?)\s*$/;
const PER_UNIT_AFTER = /^\s*\/\s*[\u4e00-\u9fff]/;
const NOUN_AFTER = /^[\u4e00-\u9fff]{1,8}/;

/** Numbering at the start of a paragraph: 1、 （一） ① 一、 */
const LEADING_NUMBER =
  /^\s*(?:[（(]\s*[0-9一二三四五六七八九十]+\s*[）)]|[0-9]+\s*[、.．](?!\d)|[一二三四五六七八九十]+\s*[、.．]|[①-⑳])\s*/;

/** Words around a name that are not the name: openers of a list, linking verbs, "为", "共计", colons. */
const LABEL_HEAD = /^(?:其中|包括|包含|主要包括|具体包括|主要为|主要是|含|以及|及|和|与|另有|另|即|分别为|分别是|[:：,，、\s])+/;
const LABEL_TAIL = /(?:为|是|达到|达|有|共计|合计|总计|总额|总数|共|计|约|近|了|的|[:：\s])+$/;

export function cleanLabel(words: string): string {
  let label = words.replace(LEADING_NUMBER, '');
  for (let i = 0; i < 3; i++) label = label.replace(LABEL_HEAD, '').replace(LABEL_TAIL, '');
  return label.trim();
}

const PRIOR = /^(?:上年度?|去年|上一年度?|同期)/;
const CURRENT = /^(?:本年度?|今年|当年|本期)/;
const YEAR_AT_START = /^(\d{4})\s*年/;

function periodOf(words: string, year: number): Period | null {
  const text = words.replace(LEADING_NUMBER, '').replace(/^(?:单位|本单位|我单位|本部门|我局|本局|我校|全年|截至)/, '');
  if (PRIOR.test(text)) return 'prior';
  if (CURRENT.test(text)) return 'current';
  const y = YEAR_AT_START.exec(text);
  if (y && year > 0) {
    const n = Number(y[1]);
    return n === year ? 'current' : n === year - 1 ? 'prior' : 'other';
  }
  return null;
}

/** The paragraph with half-width digits and brackets; "，" (a clause break) stays apart from ASCII "," (thousands). */
function normalise(written: string): string {
  const half = toHalfWidth(written);
  let out = '';
  for (let i = 0; i < written.length; i++) out += written[i] === '，' ? '，' : (half[i] ?? '');
  return out;
}

function stopOf(text: string, i: number): Stop | 0 {
  const ch = text[i];
  if (ch === '、') return Stop.Enumeration;
  if (ch === '，') return Stop.Comma;
  // ASCII "," between a digit and exactly three digits separates thousands.
  if (ch === ',') return /\d/.test(text[i - 1] ?? '') && /^\d{3}(?!\d)/.test(text.slice(i + 1, i + 5)) ? 0 : Stop.Comma;
  if (ch === ';' || ch === '；') return Stop.Semicolon;
  if (ch === '。' || ch === '!' || ch === '?') return Stop.Sentence;
  return 0;
}

/** Clauses at bracket depth 0, and the depth of every position. */
function clausesOf(text: string): { clauses: Clause[]; depth: number[] } {
  const clauses: Clause[] = [];
  const depth: number[] = [];
  let level = 0;
  let start = 0;
  let sentence = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (OPENING.includes(ch)) level += 1;
    depth.push(level);
    if (CLOSING.includes(ch)) level = Math.max(0, level - 1);
    const stop = level === 0 ? stopOf(text, i) : 0;
    if (stop !== 0) {
      clauses.push({ start, end: i, sentence, stop });
      if (stop === Stop.Sentence) sentence += 1;
      start = i + 1;
    }
  }
  if (start < text.length) clauses.push({ start, end: text.length, sentence, stop: Stop.Sentence });
  return { clauses, depth };
}

/**
 * Paragraphs already read: a check runs again after every edit (the editor) and over every package of a
 * region (the audit), and most paragraphs have not changed. Emptied when it grows large, so its memory
 * stays bounded. A Prose is never changed by its readers.
 */
const read = new Map<string, Prose>();
const READ_LIMIT = 20_000;

/** Read a paragraph. `year` is the evaluated year, so that "2022年" reads as the prior year of 2023. */
export function readProse(written: string, year = 0): Prose {
  const key = `${year}\u0000${written}`;
  let prose = read.get(key);
  if (!prose) {
    if (read.size >= READ_LIMIT) read.clear();
    prose = readUncached(written, year);
    read.set(key, prose);
  }
  return prose;
}

function readUncached(written: string, year: number): Prose {
  const text = normalise(written);
  const { clauses, depth } = clausesOf(text);
  const clauseAt = (i: number) => clauses.findIndex((c) => i >= c.start && i < c.end);
  const figures: TextFigure[] = [];
  // The period a clause speaks of, inherited along its sentence until another clause names one.
  const periods: Period[] = [];
  clauses.forEach((clause, index) => {
    const inherited = index > 0 && clauses[index - 1]!.sentence === clause.sentence ? (periods[index - 1] ?? 'none') : 'none';
    periods.push(periodOf(text.slice(clause.start, clause.end), year) ?? inherited);
  });
  for (const match of text.matchAll(NUMBER)) {
    const start = match.index;
    const integer = match[1] ?? '';
    const numberEnd = start + match[0].length;
    const unit = UNIT.exec(text.slice(numberEnd, numberEnd + 8));
    if (!unit) continue;
    const unitText = unit[2] ?? '';
    let end = numberEnd + unit[0].length;
    const kind: FigureKind = unitText === '%' ? 'percent' : unitText in MONEY_UNITS ? 'money' : 'count';
    let noun = '';
    if (kind === 'count' && THING_MEASURES.includes(unitText)) {
      noun = NOUN_AFTER.exec(text.slice(end, end + 8))?.[0] ?? '';
      end += noun.length;
    }
    const c = clauseAt(start);
    if (c === -1) continue;
    const clause = clauses[c]!;
    const previous = figures.at(-1);
    const from = previous && previous.clause === c ? previous.end : clause.start;
    let labelFrom = from;
    // A figure in brackets is named inside its brackets: "（含行政工勤编制1人）".
    if ((depth[start] ?? 0) > 0) {
      for (let i = start - 1; i >= from; i--) {
        if (OPENING.includes(text[i] ?? '') && (depth[i] ?? 0) === depth[start]) {
          labelFrom = i + 1;
          break;
        }
      }
    }
    const before = text.slice(labelFrom, start).replace(LEADING_NUMBER, '');
    const after = text.slice(end, end + 6);
    const number = (integer + (match[2] ?? '')).replace(/,/g, '');
    const value = new Decimal(number);
    const scale = MONEY_UNITS[unitText];
    const own = periodOf(before, year);
    figures.push({
      kind,
      number,
      value,
      amount: kind === 'money' && scale ? value.times(scale) : value,
      unit: unitText === '万' ? '万元' : PEOPLE.has(unitText) ? '人' : unitText,
      noun,
      start,
      end,
      label: cleanLabel(before),
      before,
      approximate: unit[1] !== undefined || APPROXIMATE_BEFORE.test(before) || APPROXIMATE_AFTER.test(after),
      perUnit: PER_UNIT_BEFORE.test(before) || PER_UNIT_AFTER.test(after),
      bracketed: (depth[start] ?? 0) > 0,
      clause: c,
      sentence: clause.sentence,
      period: own ?? periods[c] ?? 'none',
    });
  }
  return { written, text, clauses, figures };
}

/** The clause's text as written. */
export function clauseText(prose: Prose, index: number): string {
  const clause = prose.clauses[index];
  return clause ? prose.written.slice(clause.start, clause.end) : '';
}

/** The written words from `start` to `end`, trimmed: what a message quotes. */
export function quote(prose: Prose, start: number, end: number): string {
  return prose.written.slice(start, end).trim();
}
