/**
 * Label matching. Publishers write the same row label in many ways ("其中：办公经费",
 * "1、公务接待", "公 务 接 待", full-width characters, traditional characters, "控制率" without
 * "率", brackets dropped); rows are found by comparing normalised keys, never by position.
 */
import { toHalfWidth } from '@jixiao/core';

/** Traditional → simplified, limited to the characters that occur in the forms' labels. */
const TRADITIONAL: Record<string, string> = {
  經: '经',
  費: '费',
  項: '项',
  預: '预',
  單: '单',
  稱: '称',
  數: '数',
  際: '际',
  職: '职',
  務: '务',
  車: '车',
  購: '购',
  運: '运',
  維: '维',
  護: '护',
  國: '国',
  級: '级',
  專: '专',
  資: '资',
  業: '业',
  採: '采',
  額: '额',
  調: '调',
  樓: '楼',
  館: '馆',
  規: '规',
  實: '实',
  節: '节',
  約: '约',
  員: '员',
  況: '况',
  編: '编',
  製: '制',
  標: '标',
  績: '绩',
  評: '评',
  價: '价',
  總: '总',
  體: '体',
  產: '产',
  質: '质',
  時: '时',
  濟: '济',
  會: '会',
  態: '态',
  續: '续',
  響: '响',
  滿: '满',
  對: '对',
  進: '进',
  執: '执',
  撥: '拨',
  納: '纳',
  戶: '户',
  稅: '税',
  請: '请',
  報: '报',
  辦: '办',
  處: '处',
  養: '养',
  電: '电',
  議: '议',
  訓: '训',
  應: '应',
  屬: '属',
  門: '门',
  據: '据',
  設: '设',
  結: '结',
  轉: '转',
  當: '当',
  財: '财',
  場: '场',
  補: '补',
  貼: '贴',
  驗: '验',
  並: '并',
  與: '与',
  為: '为',
  這: '这',
  個: '个',
  關: '关',
  機: '机',
  構: '构',
  說: '说',
  於: '于',
  問: '问',
  題: '题',
  開: '开',
  廳: '厅',
  勞: '劳',
  險: '险',
  營: '营',
  損: '损',
  億: '亿',
  萬: '万',
  簽: '签',
  聯: '联',
  絡: '络',
  範: '范',
  歸: '归',
  類: '类',
  備: '备',
  註: '注',
  達: '达',
  檔: '档',
};

const TRADITIONAL_CHARS = new RegExp(`[${Object.keys(TRADITIONAL).join('')}]`, 'g');

export function toSimplified(text: string): string {
  return text.replace(TRADITIONAL_CHARS, (ch) => TRADITIONAL[ch] ?? ch);
}

const NUMBERING = /^(?:[(（]?[0-9一二三四五六七八九十]+[)）]|[0-9一二三四五六七八九十]+[、.．,，](?![0-9]))/u;

/**
 * The comparison key of a label: half-width, simplified, no whitespace, no leading numbering
 * ("1、", "（一）", "二、"), no "其中:" prefix, no trailing colon.
 */
export function labelKey(text: string): string {
  let key = toSimplified(toHalfWidth(text))
    .replace(/\s+/g, '')
    .replace(/[“”"‘’']/g, '');
  for (let guard = 0; guard < 3; guard++) {
    const before = key;
    // "2023年实际在职人数", "1、公务接待", "其中：公车购置": the year, the numbering and "其中" are not the label.
    key = key
      .replace(/^\d{4}年度?/, '')
      .replace(NUMBERING, '')
      .replace(/^其中[:：]?/, '');
    if (key === before) break;
  }
  return key.replace(/[:：]+$/, '');
}

/**
 * Key without anything in brackets (units like "(万元)", notes like "(一个专项一行)"), including a
 * bracket the publisher never closed ("财政供养人员情况(人", "省级专项资金(每个专项一行").
 */
function withoutBracketed(key: string): string {
  return key
    .replace(/[([【][^)\]】]*[)\]】]/g, '')
    .replace(/[([【][^)\]】]*$/, '')
    .replace(/[()[\]【】]/g, '');
}

/** Key with the bracket characters removed but their content kept. */
function withoutBrackets(key: string): string {
  return key.replace(/[()[\]【】]/g, '');
}

function variants(key: string): string[] {
  const forms = new Set<string>();
  for (const form of [key, withoutBrackets(key), withoutBracketed(key)]) {
    forms.add(form);
    if (form.endsWith('率')) forms.add(form.slice(0, -1));
  }
  forms.delete('');
  return [...forms];
}

/**
 * Comparison forms of a text, memoised: the same labels are compared against every row. The cache
 * is emptied when it grows large, so a hostile file cannot make it grow without bound.
 */
const formsCache = new Map<string, string[]>();

function formsOf(text: string): string[] {
  let forms = formsCache.get(text);
  if (!forms) {
    if (formsCache.size > 20_000) formsCache.clear();
    forms = variants(labelKey(text));
    formsCache.set(text, forms);
  }
  return forms;
}

/** Whether any of `texts` is the label: for asking many labels of one table. */
export function labelFinder(texts: Iterable<string>): (label: string) => boolean {
  const forms = new Set([...texts].filter((text) => text.length <= 200).flatMap(formsOf));
  return (label) => formsOf(label).some((form) => forms.has(form));
}

/** Whether a cell's text is the given label, tolerating the publishers' variants. */
export function labelMatches(text: string, label: string): boolean {
  if (text.length > 200) return false;
  const b = formsOf(label);
  return formsOf(text).some((form) => b.includes(form));
}

/** Text of a cell as one trimmed line per source line, empty lines dropped, joined with "\n". */
export function cleanText(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** Text of a cell as a single line (labels spread over several lines). */
export function oneLine(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .join('');
}

/** A form element as the importer matches it: its label, its printed text and its aliases. */
export interface Labelled {
  readonly label: string;
  readonly formText?: string;
  readonly aliases: readonly string[];
}

/** Every comparison form of an element's label, printed text and aliases, computed once per element. */
const specForms = new WeakMap<Labelled, Set<string>>();

function formsOfSpec(spec: Labelled): Set<string> {
  let forms = specForms.get(spec);
  if (!forms) {
    forms = new Set([spec.label, ...(spec.formText === undefined ? [] : [spec.formText]), ...spec.aliases].flatMap(formsOf));
    specForms.set(spec, forms);
  }
  return forms;
}

/** Whether a cell's text is the element's label, printed text or one of its aliases. */
export function isLabelOf(text: string, spec: Labelled): boolean {
  return namesOf(text)(spec);
}

/** The test "does this text name the element?", for asking one text about many elements. */
export function namesOf(text: string): (spec: Labelled) => boolean {
  if (text.length > 200) return () => false;
  const forms = formsOf(text);
  return (spec) => {
    const wanted = formsOfSpec(spec);
    return forms.some((form) => wanted.has(form));
  };
}

/** The element a cell's text names, among `specs`. */
export function labelled<T extends Labelled>(text: string, specs: readonly T[]): T | undefined {
  return specs.find((spec) => isLabelOf(text, spec));
}
