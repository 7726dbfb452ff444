/** How package values become document text: cleaned of what XML cannot carry, amounts exact. */
import { type Cell, dec, formatPercent, formatScore, type Decimal } from '@jixiao/core';

/**
 * XML 1.0 allows tab, line feed and carriage return but no other C0 control character, no
 * U+FFFE/U+FFFF and no lone surrogate; one of them would make Word, Excel and LibreOffice refuse
 * the whole file. They cannot mean anything in a report, so they are dropped.
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function clean(text: string): string {
  return text.replace(NOT_XML, '').replace(/\r\n?/g, '\n');
}

/**
 * An amount as printed: the exact stored value with at least 2 decimals ("797.2" → "797.20",
 * "12.345" stays "12.345"), so that every figure can be read back exactly; blank stays blank.
 */
export function amountText(cell: Cell): string {
  if (cell === null) return '';
  const value = dec(cell);
  return value.decimalPlaces() < 2 ? value.toFixed(2) : value.toString();
}

/** A computed rate as printed ("58.14%"); an undefined rate (division by zero) is a blank cell. */
export function rateText(rate: Decimal | null): string {
  return rate === null ? '' : formatPercent(rate);
}

/** A computed score as printed ("10.00"); blank when it cannot be computed. */
export function scoreText(score: Decimal | null): string {
  return score === null ? '' : formatScore(score);
}
