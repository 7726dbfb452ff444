/**
 * The 自评报告 against the tables: every amount the text quotes for a named item or total must equal the
 * table, names must match, the ten sections must be there and numbered 一、…十、 / （一）….
 */
import { projectLines, rowOf } from '../basic-rows.js';
import type { ComputedPackage } from '../compute.js';
import { Decimal, cellValue, dec, sameAt2dp, sum } from '../decimal.js';
import { OTHER_FUNDS, YEAR_ROWS, type YearRowSpec } from '../forms/index.js';
import type { Cell, Package } from '../model.js';
import {
  REPORT_OUTLINE,
  chineseNumber,
  numberingLevels,
  numberingMarker,
  parseNumbering,
  sectionOfHeading,
  type SectionKey,
  type SectionSpec,
} from '../forms/report.js';
import { closestName } from '../text-match.js';
import { diff, fig, pct } from './figures.js';
import { rule, type Location, type Report, type Rule, type RuleContext } from './types.js';

interface Paragraph {
  text: string;
  sectionIndex: number;
  paragraphIndex: number;
  heading: string;
  section: SectionKey | undefined;
}

/** The outline section of every written section (undefined where the heading is not one), read once per check. */
function sectionSpecs(ctx: RuleContext): (SectionSpec | undefined)[] {
  return ctx.memo('report-text:sections', () => (ctx.pkg.report?.sections ?? []).map((s) => sectionOfHeading(s.heading)));
}

/** Every paragraph of the report with the outline section it stands in, read once per check. */
function paragraphs(ctx: RuleContext): Paragraph[] {
  return ctx.memo('report-text:paragraphs', () => {
    const out: Paragraph[] = [];
    const specs = sectionSpecs(ctx);
    (ctx.pkg.report?.sections ?? []).forEach((section, sectionIndex) => {
      const key = specs[sectionIndex]?.key;
      section.paragraphs.forEach((text, paragraphIndex) =>
        out.push({ text, sectionIndex, paragraphIndex, heading: section.heading, section: key }),
      );
    });
    return out;
  });
}

const where = (p: Paragraph): Location => ({
  part: '报告',
  path: `report.sections[${p.sectionIndex}].paragraphs[${p.paragraphIndex}]`,
  row: p.heading.trim(),
});

const AMOUNT = String.raw`(\d[\d,]*(?:\.\d+)?)`;
const amountOf = (text: string) => dec(text.replace(/,/g, ''));

/** The 三公 rows as prose names them (the forms' `prose` patterns). */
const THREE_PUBLIC_NAMES: readonly { keyword: string; pattern: string; id: string; label: string }[] = (YEAR_ROWS as readonly YearRowSpec[])
  .filter((row) => row.prose !== undefined)
  .map((row) => ({ keyword: row.prose!.keyword, pattern: row.prose!.pattern, id: row.id, label: row.label }));

/** A cell of a 附件1 row, or null where the unit's table has no such row. */
const rowCell = (pkg: Package, id: string, key: 'prior' | 'budget' | 'actual'): Cell =>
  (pkg.basicData && rowOf(pkg.basicData, id)?.[key]) ?? null;

/** A figure the text states, the pattern that finds it and the table value it must equal. */
interface Fact {
  /** a word the paragraph must contain before the pattern is worth running */
  keyword: string;
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
        const decrease = /减少|下降|降低/.test(match[1] ?? '');
        return { value: change && (decrease ? change.negated() : change), source: `附件1 ${label}本年决算数与上年决算数之差` };
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
        const found = [...sentence.matchAll(new RegExp(item.pattern, 'g'))].pop();
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

function checkFact(fact: Fact, p: Paragraph, { pkg, computed }: RuleContext, report: Report): void {
  for (const match of p.text.matchAll(fact.pattern)) {
    const statedText = match[match.length - 1] ?? '';
    const stated = amountOf(statedText);
    const { value, source } = fact.expected(pkg, computed, match);
    if (value === null) continue;
    const ok = fact.percent ? sameAt2dp(value.times(100), stated) : sameAt2dp(value, stated);
    if (!ok) {
      const table = fact.percent ? pct(value) : `${fig(value)} 万元`;
      const text = fact.percent ? `${statedText}%` : `${statedText} 万元`;
      const gap = fact.percent ? '' : diff(stated, value);
      report(`报告写“${match[0]}”，${fact.describe} ${text} 与${source} ${table} 不符${gap}`, where(p));
    }
  }
}

const quotedFigures = rule('r.figures', '错误', '报告正文引用的金额、比率、人数与表中数据一致', (ctx, report) => {
  for (const p of paragraphs(ctx)) {
    for (const [keyword, facts] of FACTS_BY_KEYWORD) {
      if (!p.text.includes(keyword)) continue;
      for (const fact of facts) checkFact(fact, p, ctx, report);
    }
  }
});

/** Prose is cut at punctuation into runs; a run ending in "12.34万元" or "2万" names an item and its amount. */
const DELIMITERS = /[\s、，,；;：:。（）()“”"‘’]+/;
const ENDS_IN_AMOUNT = /\d(万元|万)$/;
const AMOUNT_TEXT = /^\d[\d,]*(?:\.\d+)?$/;
/** digits, "." and "," */
const isAmountChar = (code: number): boolean => (code >= 48 && code <= 57) || code === 46 || code === 44;
const LEAD_WORDS = /^(?:主要为本级项目支出|主要为|主要是|主要包括|包括|其中|用于|以及|及|和|含)/;

interface Listed {
  paragraph: Paragraph;
  written: string;
  amountText: string;
  unit: string;
  whole: string;
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

function listedItems(ctx: RuleContext): Listed[] {
  return ctx.memo('report-text:listed', () => {
    const all = paragraphs(ctx);
    const inSpendingSection = all.filter((p) => p.section === 'generalBudget');
    const names = projectNames(ctx.pkg);
    const out: Listed[] = [];
    for (const paragraph of inSpendingSection.length > 0 ? inSpendingSection : all) {
      if (!paragraph.text.includes('万')) continue;
      for (const whole of paragraph.text.split(DELIMITERS)) {
        const unit = ENDS_IN_AMOUNT.exec(whole)?.[1];
        if (!unit || whole.length < 3) continue;
        const split = splitNameAndAmount(whole.slice(0, -unit.length), names);
        if (split && split.written.length >= 2) out.push({ paragraph, ...split, unit, whole });
      }
    }
    return out;
  });
}

function projectNames(pkg: Package): Map<string, Decimal> {
  const names = new Map<string, Decimal>();
  if (pkg.basicData)
    for (const { line } of projectLines(pkg.basicData)) if (!names.has(line.name)) names.set(line.name, cellValue(line.actual));
  for (const project of pkg.projects ?? []) if (!names.has(project.name)) names.set(project.name, cellValue(project.funds.executed));
  return names;
}

/** Each listed item resolved to the table's project it names (exactly or nearly), or dropped. */
function resolvedItems(ctx: RuleContext): { item: Listed; name: string; exact: boolean; actual: Decimal }[] {
  return ctx.memo('report-text:resolved', () => resolveItems(ctx));
}

function resolveItems(ctx: RuleContext): { item: Listed; name: string; exact: boolean; actual: Decimal }[] {
  const names = projectNames(ctx.pkg);
  const nameList = [...names.keys()];
  const out: { item: Listed; name: string; exact: boolean; actual: Decimal }[] = [];
  for (const item of listedItems(ctx)) {
    const exact = names.get(item.written);
    if (exact !== undefined) {
      out.push({ item, name: item.written, exact: true, actual: exact });
      continue;
    }
    const near = item.written.length >= 3 ? closestName(item.written, nameList) : undefined;
    if (near !== undefined) out.push({ item, name: near, exact: false, actual: names.get(near) as Decimal });
  }
  return out;
}

const projectAmounts = rule('r.project-amount', '错误', '报告列出的每个项目金额 = 附件1 该专项的本年决算数', (ctx, report) => {
  for (const { item, name, actual } of resolvedItems(ctx)) {
    const stated = amountOf(item.amountText);
    if (!sameAt2dp(stated, actual)) {
      report(
        `报告写“${item.written}${item.amountText}${item.unit}”，与附件1“${name}”本年决算数 ${fig(actual)} 万元不符${diff(stated, actual)}`,
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

const listSum = rule('r.project-list-sum', '警告', '报告列出的各项目金额之和应等于报告所写的项目支出总额', (ctx, report) => {
  const byParagraph = new Map<Paragraph, Decimal[]>();
  for (const { item } of resolvedItems(ctx)) {
    const list = byParagraph.get(item.paragraph) ?? [];
    list.push(amountOf(item.amountText));
    byParagraph.set(item.paragraph, list);
  }
  for (const [paragraph, amounts] of byParagraph) {
    const total = new RegExp(`项目支出(?:为|是|共计|合计|总额为)?${AMOUNT}万元?`).exec(paragraph.text);
    if (!total || amounts.length < 2) continue;
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

const amountUnit = rule('r.amount-unit', '提示', '金额单位应写作“万元”', (ctx, report) => {
  for (const item of listedItems(ctx)) {
    if (item.unit === '万')
      report(`“${item.whole}”的单位写作“万”，应写作“${item.written}${fig(amountOf(item.amountText))}万元”`, where(item.paragraph));
  }
});

const missingSections = rule('r.sections', '警告', '报告应包含规定的十个部分', (ctx, report) => {
  if (!ctx.pkg.report) return;
  if (ctx.pkg.report.sections.length === 0) {
    report('报告正文为空', { part: '报告', path: 'report.sections' });
    return;
  }
  const present = new Set(sectionSpecs(ctx).map((spec) => spec?.key));
  for (const spec of REPORT_OUTLINE) {
    if (!present.has(spec.key))
      report(`报告缺少第${chineseNumber(spec.number)}部分“${spec.title}”`, { part: '报告', path: 'report.sections' });
  }
});

const numbering = rule('r.numbering', '提示', '标题编号应依次为“一、”……“十、”，小标题为“（一）”“（二）”……', (ctx, report) => {
  const specs = sectionSpecs(ctx);
  (ctx.pkg.report?.sections ?? []).forEach((section, s) => {
    const spec = specs[s];
    const numbered = parseNumbering(section.heading);
    if (spec && numbered) {
      const expected = numberingMarker('chinese', spec.number);
      if (numbered.marker !== expected) {
        report(`第${chineseNumber(spec.number)}部分标题“${section.heading.trim()}”的编号应为“${expected}”`, {
          part: '报告',
          path: `report.sections[${s}].heading`,
          row: section.heading.trim(),
        });
      }
    }
    // Sub-headings (level 2) are counted as the renderer counts them; （1） items under 1. are not.
    const levels = numberingLevels(section.paragraphs);
    let k = 0;
    section.paragraphs.forEach((text, p) => {
      const sub = parseNumbering(text);
      if (!sub || levels[p] !== 2) return;
      k += 1;
      const expected = numberingMarker('chineseParen', k);
      if (sub.marker !== expected) {
        const label = spec ? `第${chineseNumber(spec.number)}部分` : `“${section.heading.trim()}”`;
        report(`${label}小标题“${text.slice(0, 20).trim()}”的编号应为“${expected}”`, {
          part: '报告',
          path: `report.sections[${s}].paragraphs[${p}]`,
          row: section.heading.trim(),
        });
      }
    });
  });
});

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
