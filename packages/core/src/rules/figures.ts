/** Writing figures into messages and comparing stated figures. */
import { Decimal, HUNDRED, cellValue, round } from '../decimal.js';
import { formatCell, formatMoney } from '../format.js';
import type { YearColumns } from '../model.js';

/** An amount (or score) in a message: 2 dp half-up, thousands grouped ("1,051.61"), as figures are compared. */
export function fig(value: Decimal): string {
  return formatMoney(value);
}

/** The unit a table prints its amounts in, and what one 万元 (as the package holds amounts) is in it. */
export interface Money {
  unit: '万元' | '元';
  perWan: Decimal;
}

export const IN_WAN: Money = { unit: '万元', perWan: new Decimal(1) };
const IN_YUAN: Money = { unit: '元', perWan: new Decimal(10_000) };

/**
 * A table's money unit: a table printed in 元 (a 附件3 layout's amountUnit) is quoted in 元, as the unit
 * will look for the figure there, not in the 万元 the package holds.
 */
export const moneyIn = (unit: '万元' | '元'): Money => (unit === '元' ? IN_YUAN : IN_WAN);

/** An amount (held in 万元) as a message writes it, in the table's unit: "215,457.60 元", "21.55 万元". */
export function money(value: Decimal, m: Money = IN_WAN): string {
  return `${fig(value.times(m.perWan))} ${m.unit}`;
}

/** A cell in a message: its amount (fig(), or money() with a unit), or "未填" where it is blank (formatCell). */
export function cellFig(cell: string | null, m?: Money): string {
  return formatCell(cell, m ? (value) => money(value, m) : fig);
}

/** How a message names the sum of parts some of which are blank: only the filled ones were added. */
export function partsSum(cells: readonly (string | null)[]): string {
  return cells.some((c) => c === null) ? '已填各项之和 ' : '';
}

/** An amount as the unit wrote it, never rounded: 2 dp, or every digit where more were written. */
export function figAsWritten(value: Decimal): string {
  return value.decimalPlaces() > 2 ? value.toString() : value.toFixed(2);
}

export function pct(rate: Decimal): string {
  return `${rate.times(HUNDRED).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2)}%`;
}

/** "（差 0.01）": how far apart the two figures are as the message shows them (each at 2 dp, in its unit), without a sign. */
/**
 * Words of the unit's text quoted in a message, in “…”: quotation marks inside them become ‘…’, as
 * Chinese nests quotations ("写“…(以下简称‘州数据发展中心’)…”").
 */
export const inQuotes = (words: string): string => `“${words.replace(/“/g, '‘').replace(/”/g, '’')}”`;

export function diff(a: Decimal, b: Decimal, m: Money = IN_WAN): string {
  return `（差 ${fig(
    round(a.times(m.perWan))
      .minus(round(b.times(m.perWan)))
      .abs(),
  )}）`;
}

/** "5.07 − 4.93 = 0.14": a difference written out, its result from the figures as shown. */
export function minus(a: Decimal, b: Decimal): string {
  return `${fig(a)} − ${fig(b)} = ${fig(round(a).minus(round(b)))}`;
}

export const COLUMNS: readonly { key: keyof YearColumns; label: string }[] = [
  { key: 'prior', label: '上年决算数' },
  { key: 'budget', label: '本年预算数' },
  { key: 'actual', label: '本年决算数' },
];

export function cellOf(row: YearColumns, key: keyof YearColumns): Decimal {
  return cellValue(row[key]);
}

/** A printed percentage ("100.00%", "95.1") as a ratio, or null where it is not one. */
export function parsePrintedPercent(text: string): Decimal | null {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*[%％]?\s*$/.exec(text);
  return match ? new Decimal(match[1] ?? '0').div(HUNDRED) : null;
}

/**
 * Does a printed figure agree with the computed one? A percentage is right when it is the computed rate
 * rounded half-up to as many decimals as it prints ("86%" for 86.20%, "58.14%" for 58.1400…%); amounts
 * and scores are compared at 2 dp, so a table that prints "9" for a score of 9.78, or "100" for a
 * total of 99.60, is wrong, one that prints "100" for 100.00 is right.
 */
export function printedMatches(printed: string, value: Decimal, percent: boolean): boolean {
  const stated = percent ? parsePrintedPercent(printed) : parsePrintedNumber(printed);
  if (stated === null) return false;
  if (!percent) return value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP).equals(stated);
  const places = printedDecimals(printed);
  return value.times(HUNDRED).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).equals(stated.times(HUNDRED));
}

/** Decimals a printed figure shows: "86%" 0, "97.8%" 1, "58.14%" 2. */
function printedDecimals(text: string): number {
  return /\.(\d+)/.exec(text)?.[1]?.length ?? 0;
}

/** A printed amount or score ("98", "94.50"), or null where it is not one. */
export function parsePrintedNumber(text: string): Decimal | null {
  const match = /^\s*(-?\d+(?:\.\d+)?)\s*$/.exec(text);
  return match ? new Decimal(match[1] ?? '0') : null;
}
