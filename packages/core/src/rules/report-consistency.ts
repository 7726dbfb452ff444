/**
 * The report's text against itself, beyond sums and rates: one item given two amounts, "一是…一是…三是",
 * a head count times a per-head standard that does not give the amount the text states. Needs no table.
 */
import { Decimal, sameAt2dp } from '../decimal.js';
import { parseChineseNumber } from '../forms/report.js';
import { holds, proseMemo, type Prose, type TextFigure } from '../text-figures.js';
import { fig, inQuotes } from './figures.js';
import { numberingOf, overlaps, paragraphs, place, proseParagraphs, sectionNumbering, where, type Paragraph } from './report-prose.js';
import { tableClaims } from './report-text.js';
import { rule, type Rule, type RuleContext } from './types.js';
import { matchesOf } from '../matches.js';

const CHANGE_OR_COMPARE = /比|较|同比|环比|增加|减少|增长|下降|上升|降低|节约|增幅|降幅|占|为预算|的\s*$/;
/** Who and when a label names before the item itself: "本单位2023年度的基本支出" → "基本支出". */
const NAME_NOISE = /^(?:本单位|我单位|单位|本部门|本局|我局|本校|我校|全局|全年|\d{4}\s*年度?|本年度?|今年|当年|上年度?|去年|的)+/;
/** Names too general to be one item: "资金", "支出" … */
const GENERIC = /^(?:合计|共计|总计|资金|经费|支出|收入|金额|预算|决算|项目|其中|安排|下达|到位|共|计)$/;

/** Words that open a list of parts. */
const OPENERS = ['其中', '包括', '包含'];

/** Where the openers of a text stand, in order. */
function openersOf(text: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  for (const word of OPENERS)
    for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + word.length)) found.push({ start: i, end: i + word.length });
  return found.sort((a, b) => a.start - b.start);
}

/**
 * The item a figure names, or null where it names none on its own. A part listed after "其中" is the
 * part of its total: "预算数800万元，其中项目支出300万元；实际支出780万元，其中项目支出280万元" gives
 * two items, 预算数's 项目支出 and 实际支出's. `index` is the figure's place in `prose.figures`,
 * `openers` the paragraph's (openersOf): found once for all its figures.
 */
function itemName(prose: Prose, f: TextFigure, index: number, openers: readonly { start: number; end: number }[]): string | null {
  if (f.kind !== 'money' || f.bracketed || f.approximate || f.perUnit) return null;
  if (f.period === 'other' || CHANGE_OR_COMPARE.test(f.before)) return null;
  const name = f.label.replace(NAME_NOISE, '');
  if (name.length < 3 || /\d/.test(name) || GENERIC.test(name)) return null;
  // The last opener of the figure's sentence that ends before the figure.
  const sentenceStart = prose.sentenceStarts[f.sentence] ?? 0;
  let at = -1;
  for (const opener of openers) if (opener.start >= sentenceStart && opener.end <= f.start) at = opener.start;
  let whole = '';
  if (at !== -1) {
    // Its total: the last amount of the sentence before the opener.
    let total: TextFigure | undefined;
    for (let k = index - 1; k >= 0; k--) {
      const g = prose.figures[k]!;
      if (g.sentence !== f.sentence) break;
      if (g.end <= at && g.kind === 'money') {
        total = g;
        break;
      }
    }
    whole = `${total ? total.label.replace(NAME_NOISE, '') : '其中'}/`;
  }
  return `${f.period === 'prior' ? '上年' : ''}${whole}${name}`;
}

/**
 * Where one item's amount must be one: a section, or inside it one numbered item ("1.", "（1）") — a report
 * describing several projects one item each gives each its own "年初预算", "项目资金".
 */
function blockOf(ctx: RuleContext): Map<Paragraph, string> {
  return ctx.memo('report-consistency:blocks', () => {
    const blocks = new Map<Paragraph, string>();
    const numbering = sectionNumbering(ctx);
    const sections = ctx.pkg.report?.sections.length ?? 0;
    // The item each section is in, as its paragraphs come in order (one pass over them all).
    const items = new Map<number, number>();
    for (const p of paragraphs(ctx)) {
      const s = p.sectionIndex;
      if (s >= sections) {
        // A table's 预期目标 and 实际完成情况 each stand alone: the plan and the outcome may name different amounts.
        blocks.set(p, `table:${s}:${p.paragraphIndex}`);
        continue;
      }
      const level = numbering[s]?.levels[p.paragraphIndex] ?? 0;
      let item = items.get(s) ?? -1;
      if (level === 2) item = -1;
      else if (level === 3 || level === 4) item = p.paragraphIndex;
      items.set(s, item);
      blocks.set(p, `${s}:${item}`);
    }
    return blocks;
  });
}

/** The items a paragraph's figures name (itemName), with each figure: the text alone decides them, so they are kept with its prose. */
function namedItems(prose: Prose): { f: TextFigure; item: string }[] {
  return proseMemo(prose, 'report-consistency:items', () => {
    const out: { f: TextFigure; item: string }[] = [];
    const openers = prose.figures.length > 0 ? openersOf(prose.text) : [];
    for (let index = 0; index < prose.figures.length; index++) {
      const f = prose.figures[index]!;
      const item = itemName(prose, f, index, openers);
      if (item !== null) out.push({ f, item });
    }
    return out;
  });
}

const repeated = rule('rt.repeat', '警告', '同一事项在同一部分中只应有一个金额', (ctx, report) => {
  const seen = new Map<string, { f: TextFigure; p: Paragraph }>();
  const reported = new Set<string>();
  const claims = tableClaims(ctx).values;
  const blocks = blockOf(ctx);
  for (const { paragraph, prose } of proseParagraphs(ctx)) {
    for (const { f, item } of namedItems(prose)) {
      if (overlaps(claims, paragraph, f.start, f.end)) continue;
      const name = `${blocks.get(paragraph) ?? ''}|${item}`;
      const first = seen.get(name);
      if (!first) {
        seen.set(name, { f, p: paragraph });
        continue;
      }
      if (sameAt2dp(first.f.amount, f.amount) || reported.has(name)) continue;
      reported.add(name);
      const at = first.p === paragraph ? '同一段' : place(first.p);
      report(
        `${place(paragraph)}：“${f.label}”写作 ${fig(f.amount)} 万元，${at}写作 ${fig(first.f.amount)} 万元，同一事项有两个金额`,
        where(paragraph),
      );
    }
  }
});

/**
 * "一是" / "第一，": an enumeration marker at the start of a paragraph or after punctuation. `word` is a
 * character every match holds: a paragraph without it is not searched.
 */
const MARKERS: readonly { pattern: RegExp; word: string; write: (n: string) => string }[] = [
  { pattern: /(?:^|[。；;，,:：、\s)）”])((?:十[一二三四五六七八九]?|[一二三四五六七八九]))是/g, word: '是', write: (n) => `${n}是` },
  {
    pattern: /(?:^|[。；;，,:：\s)）”])第((?:十[一二三四五六七八九]?|[一二三四五六七八九]))(?=[，,、:：是点])/g,
    word: '第',
    write: (n) => `第${n}`,
  },
];

const NO_MARKERS: readonly (readonly { written: string; value: number }[])[] = MARKERS.map(() => []);

const CHINESE = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];

/** The enumeration markers of a paragraph, by MARKERS' order: each marker's number as written and as a value. */
function markersIn(prose: Prose): readonly (readonly { written: string; value: number }[])[] {
  // Most paragraphs hold no marker's word: they share one answer, and nothing is allocated for them.
  if (!MARKERS.some(({ word }) => holds(prose, word))) return NO_MARKERS;
  return proseMemo(prose, 'report-consistency:markers', () =>
    MARKERS.map(({ pattern, word }) => {
      const found: { written: string; value: number }[] = [];
      if (!holds(prose, word)) return found;
      for (const match of matchesOf(pattern, prose.text)) {
        const value = parseChineseNumber(match[1] ?? '');
        if (value !== null) found.push({ written: match[1] ?? '', value });
      }
      return found;
    }),
  );
}

const ordinals = rule('rt.ordinal', '提示', '“一是、二是……”“第一、第二……”应依次排列，不重复、不跳号', (ctx, report) => {
  const bySection = new Map<number, { paragraph: Paragraph; prose: Prose }[]>();
  for (const read of proseParagraphs(ctx)) {
    const list = bySection.get(read.paragraph.sectionIndex);
    if (list) list.push(read);
    else bySection.set(read.paragraph.sectionIndex, [read]);
  }
  for (const list of bySection.values()) {
    const markers = list.map(({ prose }) => markersIn(prose));
    MARKERS.forEach(({ write }, m) => {
      let last: number | null = null;
      list.forEach(({ paragraph: p }, k) => {
        // A numbered paragraph ("（二）…", "2.…") starts a new item: its enumeration starts afresh.
        if (last !== null && numberingOf(ctx, p)) last = null;
        let first = true;
        for (const { written, value: v } of markers[k]![m]!) {
          if (last === null || v === last + 1 || (v === 1 && first)) last = v;
          else {
            const expected: number = last + 1;
            report(
              `${place(p)}：列举顺序有误，“${write(CHINESE[last] ?? String(last))}”之后写作“${write(written)}”，应为“${write(CHINESE[expected] ?? String(expected))}”`,
              where(p),
            );
            last = v < expected ? expected : v;
          }
          first = false;
        }
      });
    });
  }
});

/** "慰问标准300/人", "每户500元", "300元/人": a standard per head, in 元 unless written otherwise. */
const PER_HEAD =
  /(?:(?:每|人均|户均)(人|户|名)?\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(万元|元)?|(?<![\d.,])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(万元|元)?\s*\/\s*(人|户|名))/g;
const FUND_WORDS = /资金|经费|配套|补助|慰问金|补贴|共计|合计|总计|发放/;

const YUAN_PER_WAN = new Decimal(10000);

/** A paragraph PER_HEAD can match holds one of these: 每, 人均 / 户均, or "/". */
const mayStatePerHead = (prose: Prose) => holds(prose, '每') || holds(prose, '均') || holds(prose, '/');

/** The fund amounts of the whole report, one for each distinct amount. */
function distinctFunds(reads: readonly { paragraph: Paragraph; prose: Prose }[]): { f: TextFigure; paragraph: Paragraph }[] {
  const funds = reads.flatMap(({ paragraph, prose }) =>
    prose.figures
      .filter((f) => f.kind === 'money' && !f.perUnit && !f.bracketed && FUND_WORDS.test(f.before))
      .map((f) => ({ f, paragraph })),
  );
  return [...new Map(funds.map((x) => [x.f.amount.toString(), x])).values()];
}

const perHead = rule('rt.per-head', '警告', '人数 × 人均标准应等于正文所写的金额（常见为“元”“万元”写混）', (ctx, report) => {
  const reads = proseParagraphs(ctx);
  // Found only for a standard whose sentence states no amount: most reports state none at all.
  let funds: { f: TextFigure; paragraph: Paragraph }[] | undefined;
  for (const { paragraph, prose } of reads) {
    if (!mayStatePerHead(prose)) continue;
    for (const match of matchesOf(PER_HEAD, prose.text)) {
      const sentence = prose.clauses.find((c) => match.index >= c.start && match.index < c.end)?.sentence;
      const per = match[1] ?? match[6] ?? '人';
      const standard = new Decimal((match[2] ?? match[4] ?? '0').replace(/,/g, ''));
      const standardWan = (match[3] ?? match[5]) === '万元';
      const heads = prose.figures.filter(
        (f) => f.sentence === sentence && f.kind === 'count' && !f.approximate && (f.unit === per || (per !== '户' && f.unit === '人')),
      );
      if (heads.length !== 1 || standard.isZero()) continue;
      const head = heads[0]!;
      const productWan = standardWan ? standard.times(head.value) : standard.times(head.value).div(YUAN_PER_WAN);
      const inSentence = prose.figures.filter(
        (f) =>
          f.sentence === sentence && f.kind === 'money' && !f.perUnit && !f.bracketed && /共计|合计|总计|共|发放|资金|经费/.test(f.before),
      );
      // The amount it gives: stated in its sentence, or the one fund amount of the whole report.
      if (inSentence.length !== 1) funds ??= distinctFunds(reads);
      const total = inSentence.length === 1 ? { f: inSentence[0]!, paragraph } : funds?.length === 1 ? funds[0]! : null;
      if (!total || sameAt2dp(total.f.amount, productWan)) continue;
      const yuan = productWan.times(YUAN_PER_WAN);
      const unitSlip =
        total.f.unit === '元' && total.f.value.equals(productWan)
          ? `；若其单位应为“万元”则相符`
          : total.f.unit === '万元' && total.f.value.equals(yuan)
            ? '；若其单位应为“元”则相符'
            : '';
      const at = total.paragraph === paragraph ? '' : `（${place(total.paragraph)}）`;
      report(
        `${place(paragraph)}：${head.label}${head.number}${head.unit} × ${match[0].trim()} = ${fig(yuan)} 元（${fig(productWan)} 万元），与正文所写${inQuotes(`${total.f.before.trim()}${total.f.number}${total.f.unit}`)}${at}不符${unitSlip}`,
        where(paragraph),
      );
    }
  }
});

export const REPORT_CONSISTENCY_RULES: readonly Rule[] = [repeated, ordinals, perHead];
