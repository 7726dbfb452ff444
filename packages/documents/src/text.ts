/** How package values become document text: cleaned of what XML cannot carry, amounts exact. */
import { type Cell, dec, formatMoney, formatPercent, formatScore, type Decimal } from '@jixiao/core';

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

/** Room on the cover for a name written in by hand: eight 三号 characters, about 90 mm. */
const COVER_WRITE_IN = '\u3000'.repeat(8);

/**
 * The cover's line the unit stamps: the name the cover gives, else the package's unit, else room to write
 * one in (the importer trims it, so an empty name reads back empty).
 */
export function coverUnitLine(coverName: string, unitName: string): string {
  return clean(`部门（单位）名称：${coverName.trim() || unitName.trim() || COVER_WRITE_IN}（盖章）`);
}

/**
 * An amount as printed: 2 decimals, half-up, thousands grouped ("797.2" → "797.20", "36.775" → "36.78",
 * "11891.753" → "11,891.75"), as the editor and the findings write it (core `formatMoney`); the exact
 * value stays in the package (and in the XLSX cell). Blank stays blank.
 */
export function amountText(cell: Cell): string {
  return cell === null ? '' : formatMoney(dec(cell));
}

/** A computed rate as printed ("58.14%"); an undefined rate (division by zero) is a blank cell. */
export function rateText(rate: Decimal | null): string {
  return rate === null ? '' : formatPercent(rate);
}

/** A computed score as printed ("10.00"); blank when it cannot be computed. */
export function scoreText(score: Decimal | null): string {
  return score === null ? '' : formatScore(score);
}
