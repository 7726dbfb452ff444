/**
 * Reading a number the way people type or publish it: "1,234.50", full-width "４.07", "4.07万元", "１２%"
 * and the blank markers of published tables ("", "/", "—", "……"). Used where human text becomes data
 * (import, the editor's cells); the stored package itself only holds strict decimal text.
 */
import { DECIMAL_TEXT } from './decimal.js';

export type NumberReading = { ok: true; value: string | null; percent: boolean } | { ok: false; reason: string };

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
