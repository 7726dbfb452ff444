/**
 * The 自评报告 exactly as it is rendered: headings and sub-headings renumbered to the official
 * scheme (一、 （一） 1. （1）) and sections 二–五 drafted from the tables, so that the figures the
 * text quotes cannot disagree with the figures in the attachments. The unit's own prose in the other
 * sections stays as written. Pure functions: the documents package and the web app both use them.
 */
import type { ComputedPackage } from './compute.js';
import { cellValue, type Decimal, sum } from './decimal.js';
import { formatAmount, formatPercent } from './format.js';
import type { Cell, OtherFundTable, Package, Report, ReportSection, YearColumns } from './model.js';

/** Numbering level of a paragraph: 1 一、, 2 （一）, 3 1., 4 （1）; 0 = plain text. */
export type NumberingLevel = 0 | 1 | 2 | 3 | 4;

const CHINESE_DIGITS = '〇一二三四五六七八九';
const CHINESE_NUMERAL = '[一二三四五六七八九十百〇零]+';

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五, 100+ falls back to digits. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n >= 100) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const tensText = tens === 0 ? '' : `${tens === 1 ? '' : CHINESE_DIGITS[tens]}十`;
  return tensText + (ones === 0 ? '' : CHINESE_DIGITS[ones]);
}

const SECTION_MARKER = new RegExp(`^\\s*(?:${CHINESE_NUMERAL}|\\d+)\\s*[、.．]\\s*`);
const PAREN_MARKER = new RegExp(`^\\s*[（(]\\s*(${CHINESE_NUMERAL}|\\d+)\\s*[）)]\\s*`);
/** "1、" "1." "1．" but not "1.5万元" or "2024年". */
const ITEM_MARKER = /^\s*(\d+)\s*[、.．](?!\d)\s*/;

/** The heading text without its number: "1、 单位基本情况" → "单位基本情况". */
export function headingTitle(heading: string): string {
  return heading.replace(SECTION_MARKER, '').trim();
}

/** A paragraph that is a sub-heading on its own line (no full stop, short), not a run-in one. */
export function isStandaloneHeading(paragraph: string): boolean {
  return paragraph.length <= 40 && !/[。；;]/.test(paragraph);
}

/**
 * The numbering level of every paragraph of a section, in order. A parenthesised Arabic number is a
 * 4th-level item inside a 1. item and a 2nd-level heading elsewhere: the seed writes （一） then （2）
 * for the same level, and （1） under 1. for the level below.
 */
export function numberingLevels(paragraphs: readonly string[]): NumberingLevel[] {
  let insideItem = false;
  return paragraphs.map((text) => {
    const paren = PAREN_MARKER.exec(text);
    if (paren) {
      const chinese = !/^\d/.test(paren[1] ?? '');
      if (chinese || !insideItem) {
        insideItem = false;
        return 2;
      }
      return 4;
    }
    if (ITEM_MARKER.test(text)) {
      insideItem = true;
      return 3;
    }
    return 0;
  });
}

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
    if (level === 2) return `（${chineseNumeral(n)}）${text.replace(PAREN_MARKER, '')}`;
    if (level === 3) return `${n}.${text.replace(ITEM_MARKER, '')}`;
    return `（${n}）${text.replace(PAREN_MARKER, '')}`;
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
function threePublicParagraph(pkg: Package, computed: ComputedPackage): string {
  const year = pkg.year;
  const tp = pkg.basicData.threePublic;
  const total: YearColumns = tp.total;
  if (isZero(total.prior) && isZero(total.budget) && isZero(total.actual)) {
    return `本单位${year}年度无三公经费支出。`;
  }
  const figures = computed.threePublic.total;
  const actual = cellValue(total.actual);
  const parts = (
    [
      ['公务用车购置和维护经费', tp.vehicle.actual],
      ['出国经费', tp.overseas.actual],
      ['公务接待费', tp.reception.actual],
    ] as const
  )
    .filter(([, cell]) => !isZero(cell))
    .map(([label, cell]) => `${label}${amount(cell)}万元`);
  let text = `本单位${year}年度三公经费支出${amount(actual)}万元`;
  if (parts.length > 0) text += `，其中${parts.join('、')}`;
  const budget = cellValue(total.budget);
  text += budget.isZero()
    ? `；${year}年度未安排三公经费预算`
    : `；${year}年度三公经费预算数为${amount(budget)}万元，实际支出为预算数的${formatPercent(figures.controlRate)}`;
  const prior = cellValue(total.prior);
  const change = figures.change;
  if (prior.isZero()) {
    text += `；${year - 1}年度无三公经费支出。`;
  } else if (change.isZero()) {
    text += `，与${year - 1}年度的${amount(prior)}万元持平。`;
  } else {
    const [moved, trend] = change.isNegative() ? ['减少', '下降'] : ['增加', '增长'];
    text += `，比${year - 1}年度的${amount(prior)}万元${moved}了${amount(change.abs())}万元，${trend}${formatPercent(figures.changeRate?.abs() ?? null)}。`;
  }
  return text;
}

function projectParagraph(pkg: Package): string {
  const year = pkg.year;
  const total = pkg.overall.byExpense.project;
  if (isZero(total)) return `本单位${year}年度无项目支出。`;
  const ps = pkg.basicData.projectSpending;
  const lines: string[] = [];
  if (!isZero(ps.business.actual)) lines.push(`业务工作经费${amount(ps.business.actual)}万元`);
  if (!isZero(ps.operation.actual)) lines.push(`运行维护经费${amount(ps.operation.actual)}万元`);
  if (!isZero(ps.special.actual)) {
    const items = ps.specialItems
      .filter((item) => !isZero(item.actual))
      .map((item) => `${item.name}${amount(item.actual)}万元`);
    lines.push(`本级专项资金${amount(ps.special.actual)}万元${items.length > 0 ? `，包括${items.join('、')}` : ''}`);
  }
  const detail = lines.length > 0 ? `，其中：${lines.join('；')}` : '';
  return `本单位${year}年度的项目支出为${amount(total)}万元${detail}。`;
}

function otherFundParagraphs(pkg: Package, table: OtherFundTable, fund: string): string[] {
  const paragraphs: string[] = [];
  if (table.rows.length === 0) {
    paragraphs.push(`本单位无${fund}支出。`);
  } else {
    const actual = sum(table.rows.map((row) => cellValue(row.actual)));
    const budget = sum(table.rows.map((row) => cellValue(row.budget)));
    const items = table.rows.map((row) => `${row.name}${amount(row.actual)}万元`).join('、');
    paragraphs.push(
      `本单位${pkg.year}年度${fund}支出${amount(actual)}万元（预算数${amount(budget)}万元），包括${items}。`,
    );
  }
  if (table.note.trim() !== '') paragraphs.push(table.note.trim());
  return paragraphs;
}

/** Drafted sections 二–五 with headings in the official numbering. */
export function draftSpendingSections(pkg: Package, computed: ComputedPackage): ReportSection[] {
  const basic = pkg.overall.byExpense.basic;
  const basicText = isZero(basic)
    ? `本单位${pkg.year}年度无基本支出。`
    : `本单位${pkg.year}年度的基本支出为${amount(basic)}万元。`;
  const funds = pkg.otherFunds;
  return [
    {
      heading: '二、一般公共预算支出情况',
      paragraphs: [
        '（一）基本支出情况',
        basicText,
        threePublicParagraph(pkg, computed),
        '（二）项目支出情况',
        projectParagraph(pkg),
      ],
    },
    { heading: '三、政府性基金预算支出情况', paragraphs: otherFundParagraphs(pkg, funds.governmentFund, '政府性基金预算') },
    { heading: '四、国有资本经营预算支出情况', paragraphs: otherFundParagraphs(pkg, funds.stateCapital, '国有资本经营预算') },
    { heading: '五、社会保险基金预算支出情况', paragraphs: otherFundParagraphs(pkg, funds.socialInsurance, '社会保险基金预算') },
  ];
}

/** Which drafted section (0–3 for 二–五) a written heading is, by its title; null for the unit's own. */
function draftedSlot(heading: string): number | null {
  const title = headingTitle(heading);
  if (title.includes('一般公共预算')) return 0;
  if (title.includes('政府性基金')) return 1;
  if (title.includes('国有资本经营')) return 2;
  if (title.includes('社会保险基金') || title.includes('社保基金')) return 3;
  return null;
}

/**
 * The report as rendered: sections 二–五 replaced by the drafted text, as one block where the unit
 * wrote the first of them (after the first section where it wrote none), every heading renumbered
 * 一、二、… in order, sub-headings renumbered （一） 1. （1）. Cover and 附件 list stay as written.
 */
export function preparedReport(pkg: Package, computed: ComputedPackage): Report {
  const written = pkg.report.sections;
  const own = written.filter((section) => draftedSlot(section.heading) === null);
  const firstDrafted = written.findIndex((section) => draftedSlot(section.heading) !== null);
  const at =
    firstDrafted >= 0
      ? written.slice(0, firstDrafted).filter((section) => draftedSlot(section.heading) === null).length
      : Math.min(1, own.length);
  const sections = [...own.slice(0, at), ...draftSpendingSections(pkg, computed), ...own.slice(at)];
  return {
    cover: { ...pkg.report.cover },
    sections: sections.map((section, index) => ({
      heading: `${chineseNumeral(index + 1)}、${headingTitle(section.heading)}`,
      paragraphs: renumberParagraphs(section.paragraphs),
    })),
    attachmentList: [...pkg.report.attachmentList],
  };
}
