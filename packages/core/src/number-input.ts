/**
 * Reading a number the way people type or publish it: "1,234.50", full-width "４.07", "4.07万元", "１２%"
 * and the blank markers of published tables ("", "/", "—", "……"). Used where human text becomes data
 * (import, the editor's cells); the stored package itself only holds strict decimal text.
 */
import { DECIMAL_TEXT, dec } from './decimal.js';
import { formatMoney } from './format.js';

/** `inYuan`: only from `readAmount`, for a figure typed in 元 where the unit is 万元. */
export type NumberReading = { ok: true; value: string | null; percent: boolean } | { ok: false; reason: string; inYuan?: YuanAmount };

/** What published tables put in a cell that has no figure: nothing, "/", "-", "—", "……", "无". */
const BLANK_MARKER = /^(?:\/|／|…+|\.{2,}|-|—+|－|无)?$/u;

/** Is this cell text a blank (spaces ignored)? */
export function isBlankMarker(text: string): boolean {
  return BLANK_MARKER.test(text.replace(/\s+/g, ''));
}

/** Full-width digits and punctuation to ASCII: "４.07" → "4.07", "１，２３４．５" → "1,234.5". */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/**
 * Lenient reading of one cell. `value` is canonical decimal text (no separators, no unit), or null for a
 * blank cell; `percent` says the text carried a % sign (the value is then the number before it, e.g. "58.14").
 */
export function readNumber(raw: string): NumberReading {
  if (isBlankMarker(raw)) return { ok: true, value: null, percent: false };
  // 万元 is the unit of every amount; a bare 元 would mean yuan, so it is not stripped.
  let text = toHalfWidth(raw)
    .replace(/\s+/g, '')
    .replace(/(万元|万)$/, '');
  let percent = false;
  if (text.endsWith('%')) {
    percent = true;
    text = text.slice(0, -1);
  }
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replace(/,/g, '');
  if (text.startsWith('+')) text = text.slice(1);
  if (/^-?\.\d+$/.test(text)) text = text.replace('.', '0.');
  if (!DECIMAL_TEXT.test(text)) return { ok: false, reason: `“${raw}” 不是有效的数字` };
  return { ok: true, value: text, percent };
}

/**
 * An amount typed in 元 where amounts are in 万元: "1204860元", "￥1,204,860.00", "1204860 元". `wan` is
 * the same amount in 万元, exact ("120.486"); the user is asked before it is taken (元 may be a slip).
 */
export interface YuanAmount {
  /** The figure in 元 as typed, without the unit: "1204860". */
  yuan: string;
  /** The same in 万元, exact decimal text: "120.486". */
  wan: string;
}

/** Decimal text divided by 10 000, exactly (moving the point): "1204860" → "120.486", "5" → "0.0005". */
export function yuanToWan(text: string): string {
  const negative = text.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
  const padded = whole.padStart(5, '0');
  const head = padded.slice(0, -4).replace(/^0+(?=\d)/, '');
  const tail = `${padded.slice(-4)}${fraction}`.replace(/0+$/, '');
  const out = tail === '' ? head : `${head}.${tail}`;
  return negative && /[1-9]/.test(out) ? `-${out}` : out;
}

const YUAN = /^(?:[¥￥]|人民币)?(.+?)(?:元)$|^(?:[¥￥]|人民币)(.+)$/u;

/**
 * Reading an amount cell, whose unit is 万元: as `readNumber`, and a figure marked as 元 ("1204860元",
 * "￥1,204,860") is not taken as 万元 but refused with its conversion, for the editor to offer.
 */
export function readAmount(raw: string): NumberReading {
  const reading = readNumber(raw);
  if (reading.ok) return reading;
  const match = YUAN.exec(toHalfWidth(raw).replace(/\s+/g, ''));
  const figure = match?.[1] ?? match?.[2];
  const inner = figure === undefined ? null : readNumber(figure);
  if (inner?.ok && inner.value !== null && !inner.percent) {
    const wan = yuanToWan(inner.value);
    return {
      ok: false,
      reason: `“${raw}” 是以元为单位的金额，此处金额单位为万元（${formatMoney(dec(inner.value))} 元 = ${formatMoney(dec(wan))} 万元）`,
      inYuan: { yuan: inner.value, wan },
    };
  }
  return { ok: false, reason: `${reading.reason}（金额单位为万元，只填数字，如 120.49）` };
}

/**
 * Why a text is not strict decimal text, in Chinese, with the fix where one is obvious.
 * Used by the schema so that a hand-edited package gets an actionable message.
 */
export function explainNotDecimal(text: string): string {
  if (text.trim() === '') return '为空字符串：空单元格请写 null，零请写 "0"';
  if (isBlankMarker(text)) return `“${text}” 不是数字：空单元格请写 null，零请写 "0"`;
  if (/[\uFF01-\uFF5E\u3000]/.test(text)) {
    const reading = readNumber(text);
    const hint = reading.ok && reading.value !== null ? `，请写成 "${reading.value}"` : '';
    return `“${text}” 含全角字符${hint}`;
  }
  if (/%$/.test(text.trim())) return `“${text}” 是百分数：此处应填数字本身，不带 %`;
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text.trim())) {
    return `“${text}” 含千分位逗号，请写成 "${text.trim().replace(/,/g, '')}"`;
  }
  if (/(万元|元|万)$/.test(text.trim())) return `“${text}” 带有单位：金额单位统一为万元，只填数字`;
  if (/\s/.test(text)) return `“${text}” 含空格，请删去`;
  return `“${text}” 不是有效的数字（应形如 "4.07"）`;
}
