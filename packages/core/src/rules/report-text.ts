/**
 * The 自评报告 against the tables: every amount the text quotes for a named item or total must equal the
 * table, names must match, the ten sections must be there and numbered 一、…十、 / （一）….
 */
import { projectLines, rowOf } from '../basic-rows.js';
import type { ComputedPackage } from '../compute.js';
import { Decimal, cellValue, dec, sameAt2dp, sum } from '../decimal.js';
import { OTHER_FUNDS, YEAR_ROWS, type YearRowSpec } from '../forms/index.js';
import type { Cell, Package } from '../model.js';
import { REPORT_OUTLINE, chineseNumber, numberingMarker, parseNumbering, reportKind } from '../forms/report.js';
import { toHalfWidth } from '../number-input.js';
import { closestName } from '../text-match.js';
import { diff, fig, figAsWritten, inQuotes, pct } from './figures.js';
import { addSpan, paragraphs, proseParagraphs, sectionNumbering, sectionSpecs, where, type Paragraph, type Spans } from './report-prose.js';
import { rule, type Rule, type RuleContext } from './types.js';
import { matchesOf } from '../matches.js';
import { holds, proseMemo, type Prose } from '../text-figures.js';

const AMOUNT = String.raw`(\d[\d,]*(?:\.\d+)?)`;
const amountOf = (text: string) => dec(text.replace(/,/g, ''));

/** The 三公 rows as prose names them (the forms' `prose` patterns). */
const THREE_PUBLIC_NAMES: readonly { keyword: string; pattern: string; search: RegExp; id: string; label: string }[] = (
  YEAR_ROWS as readonly YearRowSpec[]
)
  .filter((row) => row.prose !== undefined)
  .map((row) => ({
    keyword: row.prose!.keyword,
    pattern: row.prose!.pattern,
    search: new RegExp(row.prose!.pattern, 'g'),
    id: row.id,
    label: row.label,
  }));

/** A cell of a 附件1 row, or null where the unit's table has no such row. */
const rowCell = (pkg: Package, id: string, key: 'prior' | 'budget' | 'actual'): Cell =>
  (pkg.basicData && rowOf(pkg.basicData, id)?.[key]) ?? null;

/** A figure the text states, the pattern that finds it and the table value it must equal. */
interface Fact {
  /** a word the paragraph must contain before the pattern is worth running */
  keyword: string;
  /** finds the figure, written in ASCII digits (a paragraph without one is not searched) */
  pattern: RegExp;
  describe: string;
  expected: (pkg: Package, computed: ComputedPackage, match: RegExpExecArray) => { value: Decimal | null; source: string };
  percent?: boolean;
}

const cellFact = (cell: Cell, source: string) => ({ value: cell === null ? null : cellValue(cell), source });

const FACTS: readonly Fact[] = [
  {
    keyword: '基本支出',
    pattern: new RegExp(`基本支出(?:为|是|共计|合计|总额为)?${AMOUNT}万元?`, 'g'),
    describe: '基本支出',
    expected: (pkg) => cellFact(pkg.overall?.byExpense.basic ?? null, '附件2 基本支出'),
  },
  {
    keyword: '项目支出',
    pattern: new RegExp(`项目支出(?:为|是|共计|合计|总额为)?${AMOUNT}万元?`, 'g'),
    describe: '项目支出',
    expected: (pkg) => cellFact(pkg.overall?.byExpense.project ?? null, '附件2 项目支出'),
  },
  ...THREE_PUBLIC_NAMES.flatMap(({ keyword, pattern, id, label }): Fact[] => [
    {
      keyword,
      pattern: new RegExp(`(?<!预算数?)${pattern}(?:支出)?(?:为|是|共计|合计)?${AMOUNT}万元?`, 'g'),
      describe: `${label}支出`,
      expected: (pkg) => cellFact(rowCell(pkg, id, 'actual'), `附件1 ${label}本年决算数`),
    },
    {
      keyword,
      pattern: new RegExp(`${pattern}预算(?:数)?(?:为|是)?${AMOUNT}万元?`, 'g'),
      describe: `${label}预算数`,
      expected: (pkg) => cellFact(rowCell(pkg, id, 'budget'), `附件1 ${label}本年预算数`),
    },
    {
      keyword,
      pattern: new RegExp(`${pattern}(?:支出)?比(?:\\d{4})年度?的?${AMOUNT}万元?`, 'g'),
      describe: `${label}上年支出`,
      expected: (pkg) => cellFact(rowCell(pkg, id, 'prior'), `附件1 ${label}上年决算数`),
    },
    {
      keyword,
      pattern: new RegExp(`${pattern}(?:支出)?比(?:\\d{4})年度?的?[\\d.,]+万元?(减少|增加|下降|增长|上升|降低)了?${AMOUNT}万元?`, 'g'),
      describe: `${label}比上年的变动`,
      expected: (pkg, computed, match) => {
        const change = computed.rows[id]?.change ?? null;
        // A decrease the text states is 上年 − 本年: the message names the difference in that order, so its sign is the table's.
        const decrease = /减少|下降|降低/.test(match[1] ?? '');
        const source = decrease ? `附件1 ${label}上年决算数与本年决算数之差` : `附件1 ${label}本年决算数与上年决算数之差`;
        return { value: change && (decrease ? change.negated() : change), source };
      },
    },
  ]),
  {
    keyword: '预算数的',
    pattern: new RegExp(`(?:实际支出|决算数)为预算数的${AMOUNT}[%％]`, 'g'),
    describe: '支出占预算的比例',
    percent: true,
    expected: (pkg, computed, match) => {
      // The rate belongs to the 三公 item named last before it in the same sentence.
      const before = match.input.slice(0, match.index);
      const sentence = before.slice(before.lastIndexOf('。') + 1);
      let best: { id: string; label: string; at: number } | null = null;
      for (const item of THREE_PUBLIC_NAMES) {
        const found = matchesOf(item.search, sentence).at(-1);
        if (found && found.index !== undefined && (!best || found.index > best.at))
          best = { id: item.id, label: item.label, at: found.index };
      }
      const id = best?.id ?? 'threePublic';
      return { value: computed.rows[id]?.controlRate ?? null, source: `附件1 ${best?.label ?? '三公经费'}本年决算数 / 本年预算数` };
    },
  },
  {
    keyword: '执行率',
    pattern: new RegExp(`(?:预算)?执行率(?:为|是|达到|达)?${AMOUNT}[%％]`, 'g'),
    describe: '预算执行率',
    percent: true,
    expected: (_pkg, computed) => ({ value: computed.overall?.executionRate ?? null, source: '附件2 全年执行数 / 全年预算数' }),
  },
  {
    keyword: '得分',
    pattern: new RegExp(`自评(?:总)?得分(?:为|是)?${AMOUNT}分`, 'g'),
    describe: '自评得分',
    expected: (_pkg, computed) => ({ value: computed.overall?.total ?? null, source: '附件2 总分' }),
  },
  {
    keyword: '在职编制',
    pattern: /在职编制(\d+)人/g,
    describe: '编制数',
    expected: (pkg) => cellFact(pkg.basicData?.staffing?.authorized ?? null, '附件1 编制数'),
  },
  {
    keyword: '实有在职',
    pattern: /实有在职(?:人员|人数)?(\d+)人/g,
    describe: '实际在职人数',
    expected: (pkg) => cellFact(pkg.basicData?.staffing?.actual ?? null, '附件1 实际在职人数'),
  },
];

/** Facts grouped by keyword, so that a paragraph is searched once per keyword rather than once per fact. */
const FACTS_BY_KEYWORD: readonly (readonly [string, readonly Fact[]])[] = [...new Set(FACTS.map((f) => f.keyword))].map(
  (keyword) => [keyword, FACTS.filter((f) => f.keyword === keyword)] as const,
);

const HAS_DIGIT = /\d/;

/** A fact's figure as a paragraph states it. */
interface FactMatch {
  fact: Fact;
  match: RegExpExecArray;
  statedText: string;
  stated: Decimal;
}

/** A stated figure with the table's value it must equal. */
interface Comparison extends FactMatch {
  paragraph: Paragraph;
  value: Decimal;
  source: string;
}

/** Each fact's figures in a paragraph: the text alone decides them, so they are kept with its prose. */
function factMatches(prose: Prose): FactMatch[] {
  return proseMemo(prose, 'report-text:facts', () => {
    const out: FactMatch[] = [];
    // Every fact states a figure in ASCII digits: most paragraphs have none, and need no keyword search.
    if (!HAS_DIGIT.test(prose.written)) return out;
    for (const [keyword, facts] of FACTS_BY_KEYWORD) {
      // Keywords are Chinese words: the prose's text holds one exactly where the written paragraph does.
      if (!holds(prose, keyword)) continue;
      for (const fact of facts)
        for (const match of matchesOf(fact.pattern, prose.written)) {
          const statedText = match[match.length - 1] ?? '';
          out.push({ fact, match, statedText, stated: amountOf(statedText) });
        }
    }
    return out;
  });
}

/** Every figure the text states that a table also holds, with the table's value; read once per check. */
function comparisons(ctx: RuleContext): Comparison[] {
  return ctx.memo('report-text:comparisons', () => {
    const out: Comparison[] = [];
    for (const { paragraph, prose } of proseParagraphs(ctx)) {
      for (const { fact, match, statedText, stated } of factMatches(prose)) {
        const { value, source } = fact.expected(ctx.pkg, ctx.computed, match);
        if (value !== null) out.push({ fact, paragraph, match, statedText, stated, value, source });
      }
    }
    return out;
  });
}

const quotedFigures = rule('r.figures', '错误', '报告正文引用的金额、比率、人数与表中数据一致', (ctx, report) => {
  for (const { fact, paragraph, match, statedText, stated, value, source } of comparisons(ctx)) {
    const ok = fact.percent ? sameAt2dp(value.times(100), stated) : sameAt2dp(value, stated);
    if (!ok) {
      const table = fact.percent ? pct(value) : `${fig(value)} 万元`;
      const text = fact.percent ? `${statedText}%` : `${fig(stated)} 万元`;
      const gap = fact.percent ? '' : diff(stated, value);
      report(`报告写${inQuotes(match[0])}，${fact.describe} ${text} 与${source} ${table} 不符${gap}`, where(paragraph));
    }
  }
});

/**
 * Prose is cut at punctuation (whitespace, 、，,；;：:。（）()“”"‘’) into runs; a run ending in "12.34万元"
 * or "2万" names an item and its amount. DELIMITER[code] is 1 for a character that cuts.
 */
const DELIMITER = new Uint8Array(0x10000);
for (const ch of '\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff、，,；;：:。（）()“”"‘’')
  DELIMITER[ch.charCodeAt(0)] = 1;
const isDigitCode = (code: number) => code >= 48 && code <= 57;

/**
 * The runs of a paragraph that end in a digit and 万元 or 万, in order, with that unit: found from each 万
 * after a digit, so the rest of the paragraph is not cut into strings at all.
 */
function amountRuns(text: string): { whole: string; unit: '万元' | '万'; start: number }[] {
  const out: { whole: string; unit: '万元' | '万'; start: number }[] = [];
  const ends = (i: number) => i === text.length || DELIMITER[text.charCodeAt(i)] === 1;
  for (let at = text.indexOf('万'); at !== -1; at = text.indexOf('万', at + 1)) {
    if (!isDigitCode(text.charCodeAt(at - 1))) continue;
    const unit = text.charCodeAt(at + 1) === 0x5143 /* 元 */ && ends(at + 2) ? '万元' : ends(at + 1) ? '万' : undefined;
    if (unit === undefined) continue;
    let start = at - 1;
    while (start > 0 && DELIMITER[text.charCodeAt(start - 1)] !== 1) start -= 1;
    out.push({ whole: text.slice(start, at + unit.length), unit, start });
  }
  return out;
}
const AMOUNT_TEXT = /^\d[\d,]*(?:\.\d+)?$/;
/** digits, "." and "," */
const isAmountChar = (code: number): boolean => (code >= 48 && code <= 57) || code === 46 || code === 44;
const LEAD_WORDS = /^(?:主要为本级项目支出|主要为|主要是|主要包括|包括|其中|用于|以及|及|和|含)/;

/** The table's project a listed item names, and its spending there. */
interface Resolved {
  name: string;
  exact: boolean;
  actual: Decimal;
}

interface ListedItem {
  /** where the paragraph writes the name and amount ("written" + "amountText") */
  at: number;
  written: string;
  amountText: string;
  unit: string;
  whole: string;
  resolved: Resolved | null;
}

interface Listed extends ListedItem {
  paragraph: Paragraph;
}

/**
 * Where the name ends and the amount begins. A name may itself end in digits ("环卫项目1" + "1.81"), so
 * every split is tried: a table name whose amount agrees wins, then any table name, then the longest amount.
 */
function splitNameAndAmount(written: string, names: ReadonlyMap<string, Decimal>): { written: string; amountText: string } | null {
  const run = written.replace(LEAD_WORDS, '');
  let firstDigit = run.length;
  while (firstDigit > 0 && isAmountChar(run.charCodeAt(firstDigit - 1))) firstDigit -= 1;
  let longest: { written: string; amountText: string } | null = null;
  let named: { written: string; amountText: string } | null = null;
  for (let i = Math.max(1, firstDigit); i < run.length; i++) {
    const code = run.charCodeAt(i);
    if (code < 48 || code > 57) continue; // an amount starts with a digit
    const amountText = run.slice(i);
    if (!AMOUNT_TEXT.test(amountText)) continue;
    const split = { written: run.slice(0, i), amountText };
    longest ??= split;
    const table = names.get(split.written);
    if (table === undefined) continue;
    if (sameAt2dp(amountOf(amountText), table)) return split;
    named ??= split;
  }
  return named ?? longest;
}

/** The tables' project names with their spending, and a key that changes whenever one of them does. */
interface ProjectNames {
  spending: ReadonlyMap<string, Decimal>;
  list: readonly string[];
  key: string;
}

/** The items a paragraph lists with their amounts, each resolved to the table's project it names (exactly or nearly), or not. */
function listedIn(prose: Prose, names: ProjectNames): ListedItem[] {
  return proseMemo(
    prose,
    'report-text:listed',
    () => {
      const out: ListedItem[] = [];
      for (const { whole, unit, start } of amountRuns(prose.written)) {
        if (whole.length < 3) continue;
        const named = whole.slice(0, -unit.length);
        const split = splitNameAndAmount(named, names.spending);
        if (split && split.written.length >= 2) {
          // The split is the end of the run (its opening words dropped): it stands where the run ends.
          const at = start + named.length - split.written.length - split.amountText.length;
          out.push({ at, ...split, unit, whole, resolved: resolve(split.written, names) });
        }
      }
      return out;
    },
    names.key,
  );
}

function resolve(written: string, names: ProjectNames): Resolved | null {
  const exact = names.spending.get(written);
  if (exact !== undefined) return { name: written, exact: true, actual: exact };
  const near = written.length >= 3 ? closestName(written, names.list) : undefined;
  return near === undefined ? null : { name: near, exact: false, actual: names.spending.get(near) as Decimal };
}

/** The items the spending section lists (the whole report where it has no such section), read once per check. */
function listedItems(ctx: RuleContext): Listed[] {
  return ctx.memo('report-text:listed', () => {
    const all = proseParagraphs(ctx);
    const inSpendingSection = all.filter(({ paragraph }) => paragraph.section === 'generalBudget');
    const names = projectNames(ctx);
    const out: Listed[] = [];
    for (const { paragraph, prose } of inSpendingSection.length > 0 ? inSpendingSection : all)
      for (const { at, written, amountText, unit, whole, resolved } of listedIn(prose, names))
        out.push({ paragraph, at, written, amountText, unit, whole, resolved });
    return out;
  });
}

/** Every project's name in the tables with its spending, read once per check. */
function projectNames(ctx: RuleContext): ProjectNames {
  return ctx.memo('report-text:project-names', () => {
    const { pkg } = ctx;
    const spending = new Map<string, Decimal>();
    // The cells as written spell the key: no figure is parsed or printed for it.
    let key = '';
    const add = (name: string, cell: Cell) => {
      if (spending.has(name)) return;
      spending.set(name, cellValue(cell));
      key += `${name}=${cell ?? ''}\n`;
    };
    if (pkg.basicData) for (const { line } of projectLines(pkg.basicData)) add(line.name, line.actual);
    for (const project of pkg.projects ?? []) add(project.name, project.funds.executed);
    return { spending, list: [...spending.keys()], key };
  });
}

/** Each listed item resolved to the table's project it names (exactly or nearly); the others dropped. */
function resolvedItems(ctx: RuleContext): ({ item: Listed } & Resolved)[] {
  return ctx.memo('report-text:resolved', () => {
    const out: ({ item: Listed } & Resolved)[] = [];
    for (const item of listedItems(ctx)) {
      const { resolved } = item;
      if (resolved) out.push({ item, name: resolved.name, exact: resolved.exact, actual: resolved.actual });
    }
    return out;
  });
}

const projectAmounts = rule('r.project-amount', '错误', '报告列出的每个项目金额 = 附件1 该专项的本年决算数', (ctx, report) => {
  for (const { item, name, actual } of resolvedItems(ctx)) {
    const stated = amountOf(item.amountText);
    if (!sameAt2dp(stated, actual)) {
      report(
        `报告写${inQuotes(`${item.written}${item.amountText}${item.unit}`)}，与附件1“${name}”本年决算数 ${fig(actual)} 万元不符${diff(stated, actual)}`,
        where(item.paragraph),
      );
    }
  }
});

const projectNamesDiffer = rule('r.project-name', '警告', '报告中的项目名称应与附件1 的名称一致', (ctx, report) => {
  for (const { item, name, exact } of resolvedItems(ctx)) {
    if (!exact) report(`报告中的项目名称“${item.written}”与附件1 的“${name}”不一致，请统一`, where(item.paragraph));
  }
});

const projectMissing = rule('r.project-missing', '提示', '附件1 本年有支出的专项宜在报告的项目支出情况中列出', (ctx, report) => {
  const mentioned = new Set(resolvedItems(ctx).map((r) => r.name));
  if (mentioned.size === 0 || !ctx.pkg.basicData) return;
  const spending = paragraphs(ctx).find((p) => p.section === 'generalBudget');
  for (const { row, line } of projectLines(ctx.pkg.basicData, ctx.form)) {
    if (cellValue(line.actual).greaterThan(0) && !mentioned.has(line.name)) {
      report(
        `附件1 ${row.label}“${line.name}”本年决算 ${fig(cellValue(line.actual))} 万元，报告未列出`,
        spending ? where(spending) : { part: '报告', path: 'report.sections' },
      );
    }
  }
});

/** "项目支出共计1051.61万元": the total the listed projects add up to (not global: exec starts at 0). */
const PROJECT_TOTAL = new RegExp(`项目支出(?:为|是|共计|合计|总额为)?${AMOUNT}万元?`);

/** The paragraphs whose listed projects r.project-list-sum adds up, with the total it compares them to. */
function listSums(ctx: RuleContext): { paragraph: Paragraph; total: RegExpExecArray; amounts: Decimal[] }[] {
  return ctx.memo('report-text:list-sums', () => {
    const byParagraph = new Map<Paragraph, Decimal[]>();
    for (const { item } of resolvedItems(ctx)) {
      const list = byParagraph.get(item.paragraph) ?? [];
      list.push(amountOf(item.amountText));
      byParagraph.set(item.paragraph, list);
    }
    const out: { paragraph: Paragraph; total: RegExpExecArray; amounts: Decimal[] }[] = [];
    for (const [paragraph, amounts] of byParagraph) {
      const total = PROJECT_TOTAL.exec(paragraph.text);
      if (total && amounts.length >= 2) out.push({ paragraph, total, amounts });
    }
    return out;
  });
}

const listSum = rule('r.project-list-sum', '警告', '报告列出的各项目金额之和应等于报告所写的项目支出总额', (ctx, report) => {
  for (const { paragraph, total, amounts } of listSums(ctx)) {
    const stated = amountOf(total[1] ?? '0');
    const listed = sum(amounts);
    if (!listed.equals(stated)) {
      report(
        `报告列出的 ${amounts.length} 个项目金额合计 ${fig(listed)} 万元，与所写项目支出 ${fig(stated)} 万元不符${diff(listed, stated)}`,
        where(paragraph),
      );
    }
  }
});

/**
 * What the rules above already compare with the tables, so that the rules of the text's own arithmetic
 * (report-arithmetic.ts …) do not report the same figure twice: `values` are figures compared with a
 * table (r.figures, r.project-amount), `sums` the totals r.project-list-sum adds the projects up to.
 */
export function tableClaims(ctx: RuleContext): { values: Spans; sums: Spans } {
  return ctx.memo('report-text:claims', () => {
    const values: Spans = new Map();
    const sums: Spans = new Map();
    for (const { paragraph, match } of comparisons(ctx)) addSpan(values, paragraph, match.index, match.index + match[0].length);
    for (const { item } of resolvedItems(ctx))
      addSpan(values, item.paragraph, item.at, item.at + item.written.length + item.amountText.length + item.unit.length);
    for (const { paragraph, total } of listSums(ctx)) addSpan(sums, paragraph, total.index, total.index + total[0].length);
    return { values, sums };
  });
}

const amountUnit = rule('r.amount-unit', '提示', '金额单位应写作“万元”', (ctx, report) => {
  for (const item of listedItems(ctx)) {
    if (item.unit === '万')
      report(`“${item.whole}”的单位写作“万”，应写作“${item.written}${figAsWritten(amountOf(item.amountText))}万元”`, where(item.paragraph));
  }
});

const missingSections = rule('r.sections', '警告', '整体支出绩效自评报告应包含规定的十个部分', (ctx, report) => {
  if (!ctx.pkg.report) return;
  if (ctx.pkg.report.sections.length === 0) {
    const opening = ctx.pkg.report.opening.length;
    // Text with no heading the outline knows is all read as the opening: it is there, only not divided.
    report(
      opening > 0
        ? `报告没有分节（如“一、单位基本情况”），${opening} 段正文都在标题之后、第一部分之前，请按规定的部分分节`
        : '报告正文为空',
      { part: '报告', path: 'report.sections' },
    );
    return;
  }
  const present = new Set(sectionSpecs(ctx).map((spec) => spec?.key));
  // The outline is that of the 整体支出 report: a 项目支出 or 监控 report, or an untitled text with none of
  // its sections, has an outline of its own.
  const title = ctx.pkg.report.cover.title;
  if (reportKind(title) !== 'overall' || (!title.includes('整体') && !REPORT_OUTLINE.some((spec) => present.has(spec.key)))) return;
  // One finding for all that is missing: a report cut off after its first section would otherwise bury
  // the findings about what it does say under nine of these.
  const missing = REPORT_OUTLINE.filter((spec) => !present.has(spec.key)).map(
    (spec) => `第${chineseNumber(spec.number)}部分“${spec.title}”`,
  );
  if (missing.length === 1) report(`报告缺少${missing[0]}`, { part: '报告', path: 'report.sections' });
  else if (missing.length > 1)
    report(`报告缺少 ${missing.length} 个部分：${missing.join('、')}`, { part: '报告', path: 'report.sections' });
});

/** Markers compare as a reader sees them: "(一)" and "（一）" are the same number. Most are written alike. */
const sameMarker = (a: string, b: string) => a === b || toHalfWidth(a).replace(/\s+/g, '') === toHalfWidth(b).replace(/\s+/g, '');

/**
 * Headings are numbered by the outline when the report follows it (four of its sections or more, the
 * seed's case); a report with an outline of its own (a 项目支出 report: 一、基本情况 二、项目资金使用…) is
 * numbered in order. Sub-headings （一）（二）… count afresh in each section; items 1. 2. … and （1）（2）…
 * may start again at 1 (a new list) but must not repeat or skip a number.
 */
const numbering = rule(
  'r.numbering',
  '提示',
  '标题编号应依次为“一、”……“十、”，小标题为“（一）”“（二）”……，各级编号不重复、不跳号',
  (ctx, report) => {
    const specs = sectionSpecs(ctx);
    const numbering = sectionNumbering(ctx);
    const byOutline = specs.filter((spec) => spec !== undefined).length >= 4;
    let headings = 0;
    (ctx.pkg.report?.sections ?? []).forEach((section, s) => {
      const spec = specs[s];
      const heading = section.heading.trim();
      const numbered = parseNumbering(section.heading);
      if (numbered) headings += 1;
      const position = byOutline ? spec?.number : numbered ? headings : undefined;
      if (numbered && position !== undefined) {
        const expected = numberingMarker('chinese', position);
        if (!sameMarker(numbered.marker, expected)) {
          const label = byOutline ? `第${chineseNumber(position)}部分标题` : `第 ${position} 个标题`;
          report(`${label}“${heading}”的编号应为“${expected}”`, { part: '报告', path: `report.sections[${s}].heading`, row: heading });
        }
      }
      const label = spec && byOutline ? `第${chineseNumber(spec.number)}部分` : `“${heading}”`;
      const at = (p: number) => ({ part: '报告' as const, path: `report.sections[${s}].paragraphs[${p}]`, row: heading });
      // Sub-headings (level 2) are counted as the renderer counts them; （1） items under 1. are not.
      const { numbered: items, levels } = numbering[s] ?? { numbered: [], levels: [] };
      let k = 0;
      const previous = [0, 0, 0, 0, 0];
      section.paragraphs.forEach((text, p) => {
        const item = items[p] ?? null;
        const level = levels[p] ?? 0;
        if (!item || level === 0) return;
        for (let deeper = level + 1; deeper < previous.length; deeper++) previous[deeper] = 0;
        if (level === 2) {
          k += 1;
          const expected = numberingMarker('chineseParen', k);
          if (!sameMarker(item.marker, expected)) report(`${label}小标题“${text.slice(0, 20).trim()}”的编号应为“${expected}”`, at(p));
          return;
        }
        const last = previous[level] ?? 0;
        previous[level] = item.value;
        if (last === 0 || item.value === last + 1 || item.value === 1) return;
        const expected = item.marker.replace(/\d+/, String(last + 1));
        report(
          `${label}中“${text.slice(0, 20).trim()}”的编号${item.value <= last ? '重复' : '跳号'}：上一项为 ${last}，应为“${expected}”`,
          at(p),
        );
      });
    });
  },
);

const noneClaims = rule('r.none-claim', '错误', '报告写“无”某类预算支出时，对应附件4–6 不应有支出', (ctx, report) => {
  const { pkg } = ctx;
  const specs = sectionSpecs(ctx);
  (pkg.report?.sections ?? []).forEach((section, s) => {
    const spec = specs[s];
    const other = OTHER_FUNDS.find((o) => o.key === spec?.key);
    const table = other && pkg.otherFunds[other.key];
    if (!other || !table) return;
    const saysNone = section.paragraphs.some((t) => /无.{0,12}支出|没有.{0,12}支出/.test(t));
    const spent = sum(table.rows.map((r) => cellValue(r.actual)));
    if (saysNone && spent.greaterThan(0)) {
      report(`报告称本单位无${other.fund}支出，但${other.part} 支出合计 ${fig(spent)} 万元`, {
        part: '报告',
        path: `report.sections[${s}]`,
        row: section.heading.trim(),
      });
    }
  });
});

export const REPORT_RULES: readonly Rule[] = [
  quotedFigures,
  projectAmounts,
  projectNamesDiffer,
  projectMissing,
  listSum,
  amountUnit,
  missingSections,
  numbering,
  noneClaims,
];
