/**
 * The figures a paragraph of prose states — amounts, counts of people and things, percentages — each
 * with the words that name it, the clause and sentence it stands in and whether it is only a note in
 * brackets or an approximation ("500余人"). The report's own-arithmetic rules recompute sums, rates and
 * changes from these; nothing here judges. Platform independent, exact (decimal.ts).
 */
import { Decimal } from './decimal.js';

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
  /** the figures of each clause, by clause index: what most rules look up, without filtering `figures` again */
  clauseFigures: readonly (readonly TextFigure[])[];
  /** where each sentence starts, by sentence index */
  sentenceStarts: number[];
  /** the characters of `text`, as bits by the low ten bits of their code (32 numbers of 32 bits): see `holds` */
  characters: number[];
  /**
   * readings of this paragraph the rules keep with it (proseMemo), for a paragraph readProse keeps; null
   * for one read once, whose readings would be dropped with it unused
   */
  readonly kept: Map<string, { dependency: string; value: unknown }> | null;
}

const OPENING = '(（[【《“‘';
const CLOSING = ')）]】》”’';

/** One 万元 in 万元: an amount in 万元 is its value as written. */
const WAN = new Decimal(1);
/** Money units and what one of each is in 万元. */
const MONEY_UNITS: ReadonlyMap<string, Decimal> = new Map([
  ['亿元', new Decimal(10000)],
  ['万元', WAN],
  ['万', WAN],
  ['千元', new Decimal('0.1')],
  ['元', new Decimal('0.0001')],
]);
/** People: 人 and 名 count the same thing. */
const PEOPLE = new Set(['人', '名']);
/** Measure words that count things a list can name. */
export const THING_MEASURES = '个家项所类条处支座户台辆批件种部间套';

/**
 * Characters as a table by code, for a look before a regular expression: most numbers have no unit after
 * them and most labels end in no linking word, and one lookup is far cheaper than trying the expression
 * (an expression anchored at the end is tried from every position of its text).
 */
function codeSet(...groups: string[]): Uint8Array {
  const set = new Uint8Array(0x10000);
  for (const chars of groups) for (let i = 0; i < chars.length; i++) set[chars.charCodeAt(i)] = 1;
  return set;
}
/** What `\s` matches. */
const WHITESPACE =
  '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
const IS_WHITESPACE = codeSet(WHITESPACE);

/** The code of the first character that is no whitespace, or -1. */
function firstWordCode(text: string): number {
  let i = 0;
  while (i < text.length && IS_WHITESPACE[text.charCodeAt(i)] === 1) i += 1;
  return i < text.length ? text.charCodeAt(i) : -1;
}

/** The code of the last character that is no whitespace, or -1. */
function lastWordCode(text: string): number {
  let i = text.length - 1;
  while (i >= 0 && IS_WHITESPACE[text.charCodeAt(i)] === 1) i -= 1;
  return i >= 0 ? text.charCodeAt(i) : -1;
}

/**
 * A number where it stands alone (not after a digit, ".", a letter, "_", "/", "#" or "-"): digits grouped
 * by "," in threes, or plain digits, then any decimals. By hand, as the regular expression
 * `(?<![\d.A-Za-z_/#-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?` (global) would find them: a paragraph holds many
 * numbers (years, dates, items) and a match array for each costs more than reading it.
 */
interface NumberAt {
  start: number;
  /** where the whole number (with its "," groups) ends and its decimals begin */
  integerEnd: number;
  end: number;
}

/** Characters a number may not follow. */
const NOT_BEFORE_NUMBER = codeSet('0123456789.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_/#-');

/** The first number at or after `from`, or null. */
function nextNumber(text: string, from: number): NumberAt | null {
  const length = text.length;
  for (let start = from; start < length; start++) {
    if (!isDigitCode(text.charCodeAt(start)) || (start > 0 && NOT_BEFORE_NUMBER[text.charCodeAt(start - 1)] === 1)) continue;
    let run = start;
    while (run < length && isDigitCode(text.charCodeAt(run))) run += 1;
    let integerEnd = run;
    // Groups: at most three digits, then "," and exactly three digits, as often as they come.
    if (run - start <= 3) {
      let at = run;
      while (
        text.charCodeAt(at) === 0x2c &&
        isDigitCode(text.charCodeAt(at + 1)) &&
        isDigitCode(text.charCodeAt(at + 2)) &&
        isDigitCode(text.charCodeAt(at + 3))
      )
        at += 4;
      integerEnd = at;
    }
    let end = integerEnd;
    if (text.charCodeAt(end) === 0x2e && isDigitCode(text.charCodeAt(end + 1))) {
      end += 2;
      while (end < length && isDigitCode(text.charCodeAt(end))) end += 1;
    }
    return { start, integerEnd, end };
  }
  return null;
}
const UNIT = new RegExp(
  String.raw`^\s*(余|多)?\s*(亿元|万元|千元|元|万(?![人户册份次个件名只株亩条家项所辆台座处批套篇期种类场])|%|人次|人|名|批次|场次|次|场|册|份|篇|期|[${THING_MEASURES}])`,
);
const APPROXIMATE_BEFORE = /(?:约|近|超过|超|逾|大约|将近|不足|不到|达到约)\s*$/;
/** The characters UNIT can start with, and those APPROXIMATE_BEFORE and PER_UNIT_BEFORE can end with before their spaces. */
const UNIT_START = codeSet(WHITESPACE, '余多亿万千元%人名批场次册份篇期', THING_MEASURES);
const APPROXIMATE_BEFORE_END = codeSet('约近过超逾足到');
const APPROXIMATE_AFTER = /^\s*(?:以上|左右|余|多|上下)/;
/** The characters APPROXIMATE_AFTER and PER_UNIT_AFTER can start with after their spaces. */
const APPROXIMATE_AFTER_START = codeSet('以左余多上');
const PER_UNIT_AFTER_START = codeSet('/');
const PER_UNIT_BEFORE = /(?:每人|每户|每名|每个|每|人均|生均|户均|标准为?|单价为?)\s*$/;
const PER_UNIT_BEFORE_END = codeSet('人户名个每均准为价');
const PER_UNIT_AFTER = /^\s*\/\s*[\u4e00-\u9fff]/;
const NOUN_AFTER = /^[\u4e00-\u9fff]{1,8}/;

/** Numbering at the start of a paragraph: 1、 （一） ① 一、 */
const LEADING_NUMBER =
  /^\s*(?:[（(]\s*[0-9一二三四五六七八九十]+\s*[）)]|[0-9]+\s*[、.．](?!\d)|[一二三四五六七八九十]+\s*[、.．]|[①-⑳])\s*/;
/** The characters LEADING_NUMBER can start with after its spaces. */
const LEADING_NUMBER_START = codeSet('(（0123456789一二三四五六七八九十①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳');

/** The words without the numbering they start with; most start with none, and are not searched. */
const withoutNumbering = (words: string) => (LEADING_NUMBER_START[firstWordCode(words)] === 1 ? words.replace(LEADING_NUMBER, '') : words);

/** Words around a name that are not the name: openers of a list, linking verbs, "为", "共计", colons. */
const LABEL_HEAD = /^(?:其中|包括|包含|主要包括|具体包括|主要为|主要是|含|以及|及|和|与|另有|另|即|分别为|分别是|[:：,，、\s])+/;
/** The characters LABEL_HEAD can start with. */
const LABEL_HEAD_START = codeSet('其包主具含以及和与另即分:：,，、', WHITESPACE);
const withoutHead = (label: string) => (LABEL_HEAD_START[label.charCodeAt(0)] === 1 ? label.replace(LABEL_HEAD, '') : label);
const LABEL_TAIL = /(?:为|是|达到|达|有|共计|合计|总计|总额|总数|共|计|约|近|了|的|[:：\s])+$/;
/** The characters LABEL_TAIL can end with. */
const LABEL_TAIL_END = codeSet('为是到达有计额数共约近了的:：', WHITESPACE);

const withoutTail = (label: string) =>
  label.length > 0 && LABEL_TAIL_END[label.charCodeAt(label.length - 1)] === 1 ? label.replace(LABEL_TAIL, '') : label;

export function cleanLabel(words: string): string {
  let label = withoutNumbering(words);
  for (let i = 0; i < 3; i++) {
    const next = withoutTail(withoutHead(label));
    if (next === label) break; // nothing left to strip: further rounds would change nothing
    label = next;
  }
  return label.trim();
}

const PRIOR = /^(?:上年度?|去年|上一年度?|同期)/;
const CURRENT = /^(?:本年度?|今年|当年|本期)/;
const YEAR_AT_START = /^(\d{4})\s*年/;

/**
 * The characters a period can be read from at the start of words: what LEADING_NUMBER, the unit prefixes
 * below, PRIOR, CURRENT and YEAR_AT_START can start with. Most clauses and labels start otherwise, and
 * are then known to name no period without running the five expressions.
 */
const PERIOD_START = codeSet(WHITESPACE, '(（0123456789一二三四五六七八九十①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳单本我全截上去同今当');

function periodOf(words: string, year: number): Period | null {
  if (words.length === 0 || PERIOD_START[words.charCodeAt(0)] !== 1) return null;
  const text = withoutNumbering(words).replace(/^(?:单位|本单位|我单位|本部门|我局|本局|我校|全年|截至)/, '');
  if (PRIOR.test(text)) return 'prior';
  if (CURRENT.test(text)) return 'current';
  const y = YEAR_AT_START.exec(text);
  if (y && year > 0) {
    const n = Number(y[1]);
    return n === year ? 'current' : n === year - 1 ? 'prior' : 'other';
  }
  return null;
}

/** Full-width forms but "，" (a clause break, kept apart from the ASCII "," of thousands), and the ideographic space. */
const FULL_WIDTH = /[\uFF01-\uFF0B\uFF0D-\uFF5E\u3000]/;
const FULL_WIDTH_ALL = new RegExp(FULL_WIDTH.source, 'g');

/** The paragraph with half-width digits and brackets (as number-input.ts toHalfWidth), "，" kept; same length as written. */
function normalise(written: string): string {
  if (!FULL_WIDTH.test(written)) return written;
  return written.replace(FULL_WIDTH_ALL, (ch) => (ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)));
}

// The loops below read a paragraph by character code: indexing a string by position makes a new string
// of every Chinese character. KIND[code] says what a character does to clauses: most do nothing, and are
// passed over with one lookup.
const OPEN = 8;
const CLOSE = 16;
const KIND = new Int8Array(0x10000);
KIND[0x3001] = Stop.Enumeration; // 、
KIND[0xff0c] = Stop.Comma; // ，
KIND[0x2c] = Stop.Comma; // "," unless it separates thousands (below)
KIND[0x3b] = Stop.Semicolon; // ;
KIND[0xff1b] = Stop.Semicolon; // ；
KIND[0x3002] = Stop.Sentence; // 。
KIND[0x21] = Stop.Sentence; // !
KIND[0x3f] = Stop.Sentence; // ?
for (const ch of OPENING) KIND[ch.charCodeAt(0)] = OPEN;
for (const ch of CLOSING) KIND[ch.charCodeAt(0)] = CLOSE;
const isDigitCode = (code: number) => code >= 48 && code <= 57;

/** An ASCII "," at `i` between a digit and exactly three digits separates thousands: no clause ends there. */
const separatesThousands = (text: string, i: number) =>
  isDigitCode(text.charCodeAt(i - 1)) &&
  isDigitCode(text.charCodeAt(i + 1)) &&
  isDigitCode(text.charCodeAt(i + 2)) &&
  isDigitCode(text.charCodeAt(i + 3)) &&
  !isDigitCode(text.charCodeAt(i + 4));

/**
 * Bracket depths by position, for the paragraph being read: one buffer for every paragraph, grown when a
 * longer one comes, since a new typed array per paragraph costs more than reading it, and an array pushed
 * position by position regrows and copies as it goes. readUncached uses it before reading the next paragraph.
 */
let depthBuffer = new Int32Array(4096);

/** Clauses at bracket depth 0, and the depth of every position (a closing bracket is inside its brackets). */
function clausesOf(text: string): { clauses: Clause[]; depth: Int32Array; characters: number[] } {
  const clauses: Clause[] = [];
  // A literal: allocating a typed array costs ten times as much, for every paragraph.
  const characters = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  const length = text.length;
  if (depthBuffer.length < length) depthBuffer = new Int32Array(Math.max(length, depthBuffer.length * 2));
  // Positions from text.length on hold an earlier paragraph's depths, and are never read.
  const depth = depthBuffer;
  let level = 0;
  let start = 0;
  let sentence = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    characters[(code >> 5) & 31]! |= 1 << (code & 31);
    const kind = KIND[code]!;
    if (kind === OPEN) level += 1;
    depth[i] = level;
    if (kind === 0 || kind === OPEN) continue;
    if (kind === CLOSE) {
      if (level > 0) level -= 1;
      continue;
    }
    if (level !== 0 || (code === 0x2c && separatesThousands(text, i))) continue;
    const stop = kind as Stop;
    clauses.push({ start, end: i, sentence, stop });
    if (stop === Stop.Sentence) sentence += 1;
    start = i + 1;
  }
  if (start < length) clauses.push({ start, end: length, sentence, stop: Stop.Sentence });
  return { clauses, depth, characters };
}

/**
 * Paragraphs already read, by year then text: a check runs again after every edit (the editor) and over
 * every package of a region (the audit), and most paragraphs have not changed. A paragraph is kept only
 * once it is read a second time (the first time it is marked SEEN): one read once (a unit's own figures,
 * in an audit of many units) would only be carried from the young generation of the heap to the old one
 * and dropped unused, and keeping every reading costs the audit more collector time than reading again
 * saves. One lookup tells all three cases apart. The maps are emptied when they grow large, so their
 * memory stays bounded. A Prose's reading is never changed by its readers; they only keep what they read
 * from it with it (proseMemo).
 */
const SEEN = 0;
const read = new Map<number, Map<string, Prose | typeof SEEN>>();
let entries = 0;
const ENTRY_LIMIT = 20_000;

/** Read a paragraph. `year` is the evaluated year, so that "2022年" reads as the prior year of 2023. */
export function readProse(written: string, year = 0): Prose {
  // Keyed by the text itself (its hash is kept with the string), not by a key built afresh for every lookup.
  let ofYear = read.get(year);
  const entry = ofYear?.get(written);
  if (entry !== undefined && entry !== SEEN) return entry;
  const again = entry === SEEN;
  const prose = readUncached(written, year, again);
  if (!again && entries >= ENTRY_LIMIT) {
    read.clear();
    entries = 0;
    ofYear = undefined;
  }
  if (!ofYear) read.set(year, (ofYear = new Map()));
  if (!again) entries += 1;
  ofYear.set(written, again ? prose : SEEN);
  return prose;
}

/** The figures of a clause that states none: most clauses share it. */
const NO_FIGURES: readonly TextFigure[] = Object.freeze([]);

/** The figures of each clause, by clause index, from the paragraph's figures (which come in clause order). */
function byClause(figures: readonly TextFigure[], clauses: number): (readonly TextFigure[])[] {
  const out = new Array<readonly TextFigure[]>(clauses).fill(NO_FIGURES);
  for (let i = 0; i < figures.length;) {
    const clause = figures[i]!.clause;
    let j = i + 1;
    while (j < figures.length && figures[j]!.clause === clause) j += 1;
    out[clause] = figures.slice(i, j);
    i = j;
  }
  return out;
}

function readUncached(written: string, year: number, keep: boolean): Prose {
  const text = normalise(written);
  const { clauses, depth, characters } = clausesOf(text);
  const figures: TextFigure[] = [];
  const sentenceStarts: number[] = [];
  // The period a clause speaks of, inherited along its sentence until another clause names one.
  const periods: Period[] = [];
  for (let index = 0; index < clauses.length; index++) {
    const clause = clauses[index]!;
    const sameSentence = index > 0 && clauses[index - 1]!.sentence === clause.sentence;
    if (!sameSentence) sentenceStarts[clause.sentence] = clause.start;
    const inherited = sameSentence ? (periods[index - 1] ?? 'none') : 'none';
    // The clause's text is cut out only where its first character can start a period.
    const own =
      clause.end > clause.start && PERIOD_START[text.charCodeAt(clause.start)] === 1
        ? periodOf(text.slice(clause.start, clause.end), year)
        : null;
    periods.push(own ?? inherited);
  }
  // The clause a number stands in: numbers come in order, so the search goes on from the last one's clause.
  let c = 0;
  for (let found = nextNumber(text, 0); found !== null; found = nextNumber(text, found.end)) {
    const { start, end: numberEnd } = found;
    if (numberEnd >= text.length || UNIT_START[text.charCodeAt(numberEnd)] !== 1) continue;
    const unit = UNIT.exec(text.slice(numberEnd, numberEnd + 8));
    if (!unit) continue;
    const unitText = unit[2] ?? '';
    let end = numberEnd + unit[0].length;
    const scale = MONEY_UNITS.get(unitText);
    const kind: FigureKind = unitText === '%' ? 'percent' : scale ? 'money' : 'count';
    let noun = '';
    if (kind === 'count' && THING_MEASURES.includes(unitText)) {
      noun = NOUN_AFTER.exec(text.slice(end, end + 8))?.[0] ?? '';
      end += noun.length;
    }
    while (c < clauses.length && clauses[c]!.end <= start) c += 1;
    // A number at a delimiter or past the last clause stands in none.
    if (c === clauses.length || start < clauses[c]!.start) continue;
    const clause = clauses[c]!;
    const previous = figures.at(-1);
    const from = previous && previous.clause === c ? previous.end : clause.start;
    let labelFrom = from;
    // A figure in brackets is named inside its brackets: "（含行政工勤编制1人）".
    if ((depth[start] ?? 0) > 0) {
      for (let i = start - 1; i >= from; i--) {
        if (KIND[text.charCodeAt(i)] === OPEN && (depth[i] ?? 0) === depth[start]) {
          labelFrom = i + 1;
          break;
        }
      }
    }
    const before = withoutNumbering(text.slice(labelFrom, start));
    const after = text.slice(end, end + 6);
    const digits = text.slice(start, numberEnd);
    const number = digits.includes(',') ? digits.replace(/,/g, '') : digits;
    const value = new Decimal(number);
    const own = periodOf(before, year);
    const figure: TextFigure = {
      kind,
      number,
      value,
      amount: kind === 'money' && scale && scale !== WAN ? value.times(scale) : value,
      unit: unitText === '万' ? '万元' : PEOPLE.has(unitText) ? '人' : unitText,
      noun,
      start,
      end,
      label: cleanLabel(before),
      before,
      approximate:
        unit[1] !== undefined ||
        (APPROXIMATE_BEFORE_END[lastWordCode(before)] === 1 && APPROXIMATE_BEFORE.test(before)) ||
        (APPROXIMATE_AFTER_START[firstWordCode(after)] === 1 && APPROXIMATE_AFTER.test(after)),
      perUnit:
        (PER_UNIT_BEFORE_END[lastWordCode(before)] === 1 && PER_UNIT_BEFORE.test(before)) ||
        (PER_UNIT_AFTER_START[firstWordCode(after)] === 1 && PER_UNIT_AFTER.test(after)),
      bracketed: (depth[start] ?? 0) > 0,
      clause: c,
      sentence: clause.sentence,
      period: own ?? periods[c] ?? 'none',
    };
    figures.push(figure);
  }
  return {
    written,
    text,
    clauses,
    figures,
    clauseFigures: byClause(figures, clauses.length),
    sentenceStarts,
    characters,
    kept: keep ? new Map() : null,
  };
}

/**
 * Whether the paragraph's text holds `word` (as `prose.text.includes(word)`): the rules ask this of every
 * paragraph for the words their patterns need, and most paragraphs lack one of the word's characters,
 * which one lookup each tells without searching the text. Digits and brackets are half-width in the text,
 * "：" is ":"; a word of Chinese characters is found in the text exactly where it stands in the written one.
 */
export function holds(prose: Prose, word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if ((prose.characters[(code >> 5) & 31]! & (1 << (code & 31))) === 0) return false;
  }
  return prose.text.includes(word);
}

/**
 * What a rule reads from a paragraph's prose (its lists, rates, changes, enumerations), kept with the
 * prose: a paragraph read again (readProse keeps those it meets twice, as the editor's re-check after
 * every edit and an audit of similar units do) is not searched again. `make` must depend on the prose
 * only, or also on what `dependency` spells out (the tables' project names, say): a reading made for
 * another dependency is made afresh and replaces it. What else depends on the tables is joined per check.
 */
export function proseMemo<T>(prose: Prose, key: string, make: (prose: Prose) => T, dependency = ''): T {
  if (prose.kept === null) return make(prose);
  const kept = prose.kept.get(key);
  if (kept !== undefined && kept.dependency === dependency) return kept.value as T;
  const value = make(prose);
  prose.kept.set(key, { dependency, value });
  return value;
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
