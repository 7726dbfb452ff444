/**
 * The 自评报告: its title, the ten sections of the outline and how a written heading is numbered
 * (docs/domain.md, "The report").
 */

export const REPORT_FORM = {
  name: '自评报告',
  title: (year: number, unitName: string) => `${year} 年度${unitName}整体支出绩效自评报告`,
  /** a line ending so titles a report: 绩效自评报告, 绩效评价报告, 绩效评价自评报告, 绩效单位自评报告 … */
  titlePattern: /绩效.{0,8}(?:自评|评价)报告$/,
  coverUnit: { label: '部门（单位）名称（盖章）', pattern: /^部门[(（]单位[)）]名称[:：]/ },
  attachments: { label: '附件', pattern: /^附\s*件\s*[:：]/ },
} as const;

export type SectionKey =
  | 'basicInfo'
  | 'generalBudget'
  | 'governmentFund'
  | 'stateCapital'
  | 'socialInsurance'
  | 'performance'
  | 'problems'
  | 'improvements'
  | 'application'
  | 'other';

export interface SectionSpec {
  key: SectionKey;
  /** 1-based position in the outline */
  number: number;
  title: string;
  /** words that identify the section in a written heading */
  keywords: readonly string[];
  /** drafted from the tables rather than written by the unit */
  drafted: boolean;
}

export const REPORT_OUTLINE: readonly SectionSpec[] = [
  { key: 'basicInfo', number: 1, title: '单位基本情况', keywords: ['基本情况'], drafted: false },
  { key: 'generalBudget', number: 2, title: '一般公共预算支出情况', keywords: ['一般公共预算'], drafted: true },
  { key: 'governmentFund', number: 3, title: '政府性基金预算支出情况', keywords: ['政府性基金'], drafted: true },
  { key: 'stateCapital', number: 4, title: '国有资本经营预算支出情况', keywords: ['国有资本经营'], drafted: true },
  { key: 'socialInsurance', number: 5, title: '社会保险基金预算支出情况', keywords: ['社会保险基金', '社保基金'], drafted: true },
  { key: 'performance', number: 6, title: '单位整体支出绩效情况', keywords: ['整体支出绩效情况'], drafted: false },
  { key: 'problems', number: 7, title: '存在的问题及原因分析', keywords: ['存在的问题'], drafted: false },
  { key: 'improvements', number: 8, title: '下一步改进措施', keywords: ['改进措施'], drafted: false },
  {
    key: 'application',
    number: 9,
    title: '单位整体支出绩效自评结果拟应用和公开情况',
    keywords: ['应用和公开', '结果拟应用', '应用及公开'],
    drafted: false,
  },
  { key: 'other', number: 10, title: '其他需要说明的情况', keywords: ['其他需要说明'], drafted: false },
];

const CHINESE_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 35 → 三十五; outside 1–99 the digits themselves. */
export function chineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n >= 100) return String(n);
  if (n < 10) return CHINESE_DIGITS[n] ?? String(n);
  const tens = Math.floor(n / 10);
  const units = n % 10;
  return `${tens === 1 ? '' : CHINESE_DIGITS[tens]}十${units === 0 ? '' : CHINESE_DIGITS[units]}`;
}

export function parseChineseNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  const match = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(text);
  if (!match || text === '') return null;
  const [, first, ten, second] = match;
  const digit = (ch: string | undefined) => (ch ? CHINESE_DIGITS.indexOf(ch) : 0);
  if (!ten) return first && !second ? digit(first) : null;
  return (first ? digit(first) : 1) * 10 + digit(second);
}

/** Numbering styles by level (GB/T 9704): 一、 （一） 1. （1） */
export type NumberingStyle = 'chinese' | 'chineseParen' | 'arabic' | 'arabicParen';

export interface Numbered {
  /** the numbering as written, e.g. "1、" or "（2）" */
  marker: string;
  style: NumberingStyle;
  /** the number it stands for */
  value: number;
  /** the text after the numbering */
  rest: string;
}

const NUMBERED =
  /^\s*(?:([一二三四五六七八九十]+)\s*[、，,．.]|[（(]\s*([一二三四五六七八九十]+)\s*[）)]|(\d+)\s*[、．.](?!\d)|[（(]\s*(\d+)\s*[）)])\s*/;

/** Split a heading or paragraph into its numbering and the rest; null when it is not numbered. */
export function parseNumbering(text: string): Numbered | null {
  // Only the start of a paragraph can hold its number: the regex never walks the whole paragraph.
  const match = NUMBERED.exec(text.length > 24 ? text.slice(0, 24) : text);
  if (!match) return null;
  const [whole, chinese, chineseParen, arabic, arabicParen] = match;
  const marker = whole.trim();
  const rest = text.slice(whole.length);
  if (chinese) return { marker, style: 'chinese', value: parseChineseNumber(chinese) ?? 0, rest };
  if (chineseParen) return { marker, style: 'chineseParen', value: parseChineseNumber(chineseParen) ?? 0, rest };
  if (arabic) return { marker, style: 'arabic', value: Number(arabic), rest };
  return { marker, style: 'arabicParen', value: Number(arabicParen), rest };
}

/** The normalised marker for a level: 一、 （一） 1. （1） */
export function numberingMarker(style: NumberingStyle, value: number): string {
  switch (style) {
    case 'chinese':
      return `${chineseNumber(value)}、`;
    case 'chineseParen':
      return `（${chineseNumber(value)}）`;
    case 'arabic':
      return `${value}.`;
    case 'arabicParen':
      return `（${value}）`;
  }
}

/** Which outline section a written heading is, by its words (numbering ignored). */
export function sectionOfHeading(heading: string): SectionSpec | undefined {
  const words = parseNumbering(heading)?.rest ?? heading;
  return REPORT_OUTLINE.find((spec) => spec.keywords.some((k) => words.includes(k)));
}

/** The heading text without its number: "1、 单位基本情况" → "单位基本情况". */
export function headingTitle(heading: string): string {
  return (parseNumbering(heading)?.rest ?? heading).trim();
}

/** The heading of an outline section in the official numbering: "二、一般公共预算支出情况". */
export function outlineHeading(spec: SectionSpec): string {
  return `${numberingMarker('chinese', spec.number)}${spec.title}`;
}

/** A paragraph that is a sub-heading on its own line (no full stop, short), not a run-in one. */
export function isStandaloneHeading(paragraph: string): boolean {
  return paragraph.length <= 40 && !/[。；;]/.test(paragraph);
}

/** Numbering level of a paragraph inside a section: 2 （一）, 3 1., 4 （1）; 0 = plain text. */
export type NumberingLevel = 0 | 2 | 3 | 4;

/**
 * The numbering level of every paragraph of a section, in order. A parenthesised Arabic number is a
 * 4th-level item inside a 1. item and a 2nd-level heading elsewhere: the seed writes （一） then （2）
 * for the same level, and （1） under 1. for the level below.
 */
export function numberingLevels(paragraphs: readonly string[]): NumberingLevel[] {
  let insideItem = false;
  return paragraphs.map((text) => {
    const numbered = parseNumbering(text);
    switch (numbered?.style) {
      case 'chineseParen':
        insideItem = false;
        return 2;
      case 'arabicParen':
        if (insideItem) return 4;
        return 2;
      case 'arabic':
        insideItem = true;
        return 3;
      default:
        return 0;
    }
  });
}
