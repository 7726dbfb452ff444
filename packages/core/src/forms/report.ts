/**
 * The 自评报告: its title, the ten sections of the outline and how a written heading is numbered
 * (docs/domain.md, "The report").
 */

export const REPORT_FORM = {
  name: '自评报告',
  title: (year: number, unitName: string) => `${year} 年度${unitName}整体支出绩效自评报告`,
  /**
   * A line that titles a report (after parts.ts has dropped spaces and an "附件N" prefix): 绩效自评报告,
   * 绩效评价报告, 绩效评价自评报告, 绩效单位自评报告, 绩效自评情况报告, 绩效自评价报告, 绩效自评的报告
   * ("关于2018年度XX资金绩效自评的报告"), 绩效评价工作报告, 绩效运行监控分析报告, 整体支出自评报告, with
   * what it covers in brackets after it or not ("…项目绩效自评报告(驻京干部房租补助经费)"). A line with
   * sentence punctuation or opening with a sub-heading number is prose that mentions a report, not a title.
   */
  titlePattern:
    /^(?![(（][一二三四五六七八九十\d]+[)）])[^。，,；;：:！？!?]*(?:绩效[^。，,；;：:]{0,12}?(?:自评|评价|监控)|(?:整体支出|项目支出|专项资金|资金)自评)[^。，,；;：:()（）]{0,6}报告书?(?:[(（][^()（）]{1,40}[)）])?$/,
  /** the cover's unit line; form-style and project reports print 单位名称, 项目单位, 被评价单位 … */
  coverUnit: {
    label: '部门（单位）名称（盖章）',
    pattern:
      /^(?:部门\s*[(（]\s*单位\s*[)）]\s*名称|单位名称|项目单位|被评价单位(?:名称)?|被分析单位名称)\s*(?:[(（]\s*盖章\s*[)）])?\s*(?:[:：]|$)/,
  },
  /**
   * The unit a title names before its year or right after it ("南县财政局2020年度…", "2021年茂名市发展和改革局
   * 整体支出…"): a name that ends as a body's does, so that a region ("岳阳县2021年度…") or a placeholder
   * ("部门(单位)") is never taken for the unit. Group 1 is the name.
   */
  titleUnit:
    /(?:^|\d{4}\s*年度?)\s*([^\d\s()（）,，。、]{2,40}?(?:局|委员会|办公室|办事处|人民政府|政府|中学|小学|学校|幼儿园|医院|中心|院|所|站|馆|队|街道|镇|乡|厅|处|社|台))(?=\s*(?:\d{4}\s*年|部门|机关|整体|项目|专项|单位))/,
  /** the cover's 主管部门 line, where a form-style report prints one: "主管部门:横县县委" */
  coverDepartment: { label: '主管部门', pattern: /^主管部门\s*[:：]\s*/ },
  /** the cover's date line when it is labelled: "报告日期:2019年06月18日" */
  coverDate: { label: '日期', pattern: /^(?:报告日期|评价日期|日期)\s*[:：]\s*/ },
  attachments: { label: '附件', pattern: /^附\s*件\s*[:：]/ },
  /** the paragraphs before the first section ("按照…的要求，…报告如下：") */
  opening: { label: '开头' },
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

/**
 * What a report is about, by its title: the ten-section outline is that of the unit's 整体支出 report; a
 * 项目支出 (专项资金) report and a 绩效运行监控 report follow outlines of their own.
 */
export type ReportKind = 'overall' | 'project' | 'monitoring';

export function reportKind(title: string): ReportKind {
  if (/监控/.test(title)) return 'monitoring';
  if (/项目|专项|资金/.test(title) && !/整体/.test(title)) return 'project';
  return 'overall';
}

/**
 * Headings of a report's own sections beyond the outline's: the first words of the sections real units
 * write (整体支出, 项目支出 and 监控 reports alike). `looksLikeReport` counts them.
 */
const REPORT_HEADING_WORDS =
  /基本情况|基本概况|部门概况|项目概况|单位概况|收支情况|支出情况|自评结论|自评得分|自评情况|绩效目标|目标完成情况|绩效情况|绩效实现情况|资金使用|存在的问题|改进措施|意见建议|结果应用|其他需要说明/;

/**
 * Does a text without a recognised title read as a report? Its numbered headings (一、 or （一）) must name
 * at least three of the sections reports have, two of them top-level: ordinary prose and a table never do.
 */
export function looksLikeReport(lines: readonly string[]): boolean {
  let top = 0;
  let sub = 0;
  for (const line of lines) {
    const numbered = parseNumbering(line);
    if (!numbered || !isStandaloneHeading(line) || !REPORT_HEADING_WORDS.test(numbered.rest)) continue;
    if (numbered.style === 'chinese') top += 1;
    else if (numbered.style === 'chineseParen') sub += 1;
  }
  return top >= 2 || (top >= 1 && top + sub >= 3);
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
  return levelsOf(paragraphs.map(parseNumbering));
}

/** numberingLevels from the paragraphs' numbering already parsed (parseNumbering of each, in order). */
export function levelsOf(numberings: readonly (Numbered | null)[]): NumberingLevel[] {
  let insideItem = false;
  return numberings.map((numbered) => {
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
