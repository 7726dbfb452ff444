/**
 * What the engine proposes for the 自评报告, never applied by itself: sections 二–五 drafted from the
 * tables (offered beside the unit's text by proposal.ts) and the numbering in the official scheme
 * (一、 （一） 1. （1）). Documents print the unit's text as it stands; these become the unit's text
 * only when the unit accepts them in the editor. Pure functions: the web app uses them.
 */
import { linesOf, presentChildren, rowOf } from './basic-rows.js';
import { settleTotals } from './totals.js';
import type { ComputedPackage } from './compute.js';
import { cellValue, type Decimal, ratio, sum } from './decimal.js';
import { formatAmount, formatPercent } from './format.js';
import { OTHER_FUNDS } from './forms/other-funds.js';
import type { BasicData, Cell, OtherFundTable, Package, Report } from './model.js';
import {
  REPORT_OUTLINE,
  headingTitle,
  numberingLevels,
  numberingMarker,
  outlineHeading,
  parseNumbering,
  sectionOfHeading,
  type SectionKey,
} from './forms/report.js';

/** Rewrite the numbers of a section's paragraphs to （一） 1. （1）, counting afresh per parent. */
export function renumberParagraphs(paragraphs: readonly string[]): string[] {
  const levels = numberingLevels(paragraphs);
  const counters = [0, 0, 0, 0, 0];
  return paragraphs.map((text, index) => {
    const level = levels[index] ?? 0;
    if (level === 0) return text;
    counters[level] = (counters[level] ?? 0) + 1;
    for (let deeper = level + 1; deeper < counters.length; deeper++) counters[deeper] = 0;
    const n = counters[level] ?? 1;
    const rest = parseNumbering(text)?.rest ?? text;
    const style = level === 2 ? 'chineseParen' : level === 3 ? 'arabic' : 'arabicParen';
    return `${numberingMarker(style, n)}${rest}`;
  });
}

/** Amount as the report quotes it: 2 dp, half-up ("7" → "7.00"). */
function amount(cell: Cell | Decimal): string {
  return formatAmount(typeof cell === 'string' || cell === null ? cellValue(cell) : cell);
}

function isZero(cell: Cell): boolean {
  return cellValue(cell).isZero();
}

/** "本单位2023年度三公经费支出4.07万元，其中公务接待费4.07万元，…比2022年度的4.93万元减少了0.86万元，下降17.44%。" */
function threePublicParagraph(pkg: Package, basic: BasicData, computed: ComputedPackage): string | null {
  const year = pkg.year;
  const total = rowOf(basic, 'threePublic');
  if (!total) return null;
  if (isZero(total.prior) && isZero(total.budget) && isZero(total.actual)) {
    return `本单位${year}年度无三公经费支出。`;
  }
  const figures = computed.rows['threePublic'];
  const actual = cellValue(total.actual);
  const parts = presentChildren(basic, 'threePublic')
    .map((spec) => [spec.prose?.name ?? spec.label, rowOf(basic, spec.id)?.actual ?? null] as const)
    .filter(([, cell]) => !isZero(cell))
    .map(([label, cell]) => `${label}${amount(cell)}万元`);
  let text = `本单位${year}年度三公经费支出${amount(actual)}万元`;
  if (parts.length > 0) text += `，其中${parts.join('、')}`;
  const budget = cellValue(total.budget);
  text += budget.isZero()
    ? `；${year}年度未安排三公经费预算`
    : `；${year}年度三公经费预算数为${amount(budget)}万元，实际支出为预算数的${formatPercent(figures?.controlRate ?? null)}`;
  const prior = cellValue(total.prior);
  // A blank cell drafts as 0 here: the sentence states what the table shows.
  const change = figures?.change ?? actual.minus(prior);
  if (prior.isZero()) {
    text += `；${year - 1}年度无三公经费支出。`;
  } else if (change.isZero()) {
    text += `，与${year - 1}年度的${amount(prior)}万元持平。`;
  } else {
    const [moved, trend] = change.isNegative() ? ['减少', '下降'] : ['增加', '增长'];
    text += `，比${year - 1}年度的${amount(prior)}万元${moved}了${amount(change.abs())}万元，${trend}${formatPercent(ratio(change, prior)?.abs() ?? null)}。`;
  }
  return text;
}

/** "本单位2023年度的项目支出为797.20万元，其中：本级专项资金797.20万元，包括…。" */
function projectParagraph(pkg: Package, basic: BasicData | null): string {
  const year = pkg.year;
  const total = pkg.overall?.byExpense.project ?? (basic && rowOf(basic, 'projectSpending')?.actual) ?? null;
  if (isZero(total)) return `本单位${year}年度无项目支出。`;
  const parts: string[] = [];
  for (const spec of basic ? presentChildren(basic, 'projectSpending') : []) {
    const row = rowOf(basic as BasicData, spec.id);
    if (!row || isZero(row.actual)) continue;
    const items = (linesOf(basic as BasicData, spec.id) ?? [])
      .filter((item) => !isZero(item.actual))
      .map((item) => `${item.name}${amount(item.actual)}万元`);
    parts.push(`${spec.label}${amount(row.actual)}万元${items.length > 0 ? `，包括${items.join('、')}` : ''}`);
  }
  const detail = parts.length > 0 ? `，其中：${parts.join('；')}` : '';
  return `本单位${year}年度的项目支出为${amount(total)}万元${detail}。`;
}

/**
 * The paragraphs of one of sections 三–五. Where the package does not hold the table (the unit's
 * material did not include it), the unit's own words stand: the table's absence says nothing.
 */
function otherFundParagraphs(pkg: Package, table: OtherFundTable | null, fund: string, key: SectionKey): string[] {
  if (table === null) return pkg.report?.sections.find((section) => sectionOfHeading(section.heading)?.key === key)?.paragraphs ?? [];
  const paragraphs: string[] = [];
  if (table.rows.length === 0) {
    paragraphs.push(`本单位无${fund}支出。`);
  } else {
    const actual = sum(table.rows.map((row) => cellValue(row.actual)));
    const budget = sum(table.rows.map((row) => cellValue(row.budget)));
    const items = table.rows.map((row) => `${row.name}${amount(row.actual)}万元`).join('、');
    paragraphs.push(`本单位${pkg.year}年度${fund}支出${amount(actual)}万元（预算数${amount(budget)}万元），包括${items}。`);
  }
  if (table.note.trim() !== '') paragraphs.push(table.note.trim());
  return paragraphs;
}

const headingOf = (key: SectionKey): string =>
  outlineHeading(REPORT_OUTLINE.find((spec) => spec.key === key) as (typeof REPORT_OUTLINE)[number]);

/** A section drafted from the tables: which outline section, its heading in the official numbering, its text. */
export interface DraftedSection {
  key: SectionKey;
  heading: string;
  paragraphs: string[];
}

/** Drafted sections 二–五, in outline order. */
export function draftSpendingSections(input: Package, computed: ComputedPackage): DraftedSection[] {
  // The text names 附件1's totals as the template computes them.
  const pkg = settleTotals(input, computed.template);
  const basic = pkg.basicData;
  const basicSpending = pkg.overall?.byExpense.basic ?? null;
  const basicText = isZero(basicSpending)
    ? `本单位${pkg.year}年度无基本支出。`
    : `本单位${pkg.year}年度的基本支出为${amount(basicSpending)}万元。`;
  const threePublic = basic ? threePublicParagraph(pkg, basic, computed) : null;
  return [
    {
      key: 'generalBudget',
      heading: headingOf('generalBudget'),
      paragraphs: [
        '（一）基本支出情况',
        basicText,
        ...(threePublic ? [threePublic] : []),
        '（二）项目支出情况',
        projectParagraph(pkg, basic),
      ],
    },
    ...OTHER_FUNDS.map((fund) => ({
      key: fund.key,
      heading: headingOf(fund.key),
      paragraphs: otherFundParagraphs(pkg, pkg.otherFunds[fund.key], fund.fund, fund.key),
    })),
  ];
}

/**
 * The numbering fix offered to the unit: every heading numbered 一、二、… in order, sub-headings
 * （一） 1. （1）; the words stay. Only numbering markers change, so accepting it keeps every sentence.
 */
export function renumberedReport(report: Report): Report {
  return {
    ...report,
    sections: report.sections.map((section, index) => ({
      ...section,
      heading: `${numberingMarker('chinese', index + 1)}${headingTitle(section.heading)}`,
      paragraphs: renumberParagraphs(section.paragraphs),
    })),
  };
}
