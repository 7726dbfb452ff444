/**
 * Reading an indicator's 指标值 / 实际完成值: "≥95%", "先进数量≥2", "≤30天", "100%", "6" are 定量;
 * text without a number ("好", "达到预期") is 定性.
 */
import { Decimal } from './decimal.js';
import { toHalfWidth } from './number-input.js';

/** ≥ and > are 正向 (higher is better); ≤ and < are 反向; = is scored like ≥ (docs/domain.md §6). */
export type Sign = '≥' | '>' | '≤' | '<' | '=';

export interface Measure {
  /** text before the sign, e.g. "先进数量" */
  label: string;
  /** the sign as written, or '=' where none was written */
  sign: Sign;
  explicitSign: boolean;
  value: Decimal;
  /** unit after the number: "%", "天", "个", "" */
  unit: string;
}

const SIGN_WORDS: readonly (readonly [RegExp, Sign])[] = [
  [/^(≥|⩾|>=|不低于|不少于|大于等于|大于或等于|至少)/, '≥'],
  [/^(≤|⩽|<=|不高于|不超过|不大于|小于等于|小于或等于|至多|控制在)/, '≤'],
  [/^(>|大于|高于|超过)/, '>'],
  [/^(<|小于|低于)/, '<'],
  [/^(=|等于|达到)/, '='],
];

const MEASURE =
  /^(.*?)(≥|⩾|>=|<=|≤|⩽|>|<|=|不低于|不少于|大于等于|大于或等于|至少|不高于|不超过|不大于|小于等于|小于或等于|至多|控制在|大于|高于|超过|小于|低于|等于|达到)?\s*(-?\d+(?:,\d{3})*(?:\.\d+)?)\s*([^\d\s]{0,6}?)(以内|以上|以下)?$/;

const measures = new Map<string, Measure | null>();
const MEASURES_LIMIT = 20_000;

/** Parse a 定量 value; null means the text is 定性 (or not a measure at all). Measures are shared: never mutate one. */
export function parseMeasure(raw: string): Measure | null {
  let measure = measures.get(raw);
  if (measure === undefined) {
    if (measures.size >= MEASURES_LIMIT) measures.clear();
    measure = readMeasure(raw);
    measures.set(raw, measure);
  }
  return measure;
}

/**
 * A date or deadline ("2023年12月", "12月底前", "2024年6月30日"): a time to meet, not a quantity; earlier
 * is not less. Scored as 定性. "12个月" is a duration and stays a quantity.
 */
const DATE = /\d{4}年(?!度)|(?<!个)\d{1,2}月(?:\d{1,2}日)?/;

/** Signs as some forms print them: ≧ ≦ and the box-drawing ═ for =. */
const SIGN_VARIANTS: Record<string, string> = { '≧': '≥', '≦': '≤', '═': '=', '＝': '=' };

function readMeasure(raw: string): Measure | null {
  const text = toHalfWidth(raw)
    .replace(/\s+/g, '')
    .replace(/[≧≦═＝]/g, (ch) => SIGN_VARIANTS[ch] ?? ch);
  if (text === '' || DATE.test(text)) return null;
  const match = MEASURE.exec(text);
  if (!match) return null;
  const [, label = '', signText, number = '', unit = '', suffix] = match;
  let sign: Sign = '=';
  let explicitSign = false;
  if (signText) {
    explicitSign = true;
    sign = SIGN_WORDS.find(([pattern]) => pattern.test(signText))?.[1] ?? '=';
  } else if (suffix === '以内' || suffix === '以下') {
    explicitSign = true;
    sign = '≤';
  } else if (suffix === '以上') {
    explicitSign = true;
    sign = '≥';
  }
  return Object.freeze({ label, sign, explicitSign, value: new Decimal(number.replace(/,/g, '')), unit });
}

/** Units are compatible when equal or when either side left the unit out. */
export function sameUnit(a: Measure, b: Measure): boolean {
  return a.unit === '' || b.unit === '' || a.unit === b.unit;
}
