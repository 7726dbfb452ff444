/**
 * Exact decimal arithmetic for amounts, rates and scores.
 *
 * One configured Decimal constructor for the whole engine: 40 significant digits (far beyond any
 * budget figure, so intermediate results are exact for sums and products of table values) and
 * half-up rounding (四舍五入) wherever a result is rounded for display.
 */
import { Decimal as DecimalJs } from 'decimal.js';

export const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP });
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);
export const HUNDRED = new Decimal(100);

/** Strict decimal text as stored in a package: "-12", "4.07", "0.5". */
export const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** Parse stored decimal text (already validated by the schema). */
export function dec(text: string): Decimal {
  return new Decimal(text);
}

/** A blank cell counts as 0 in sums. */
export function cellValue(cell: string | null): Decimal {
  return cell === null ? ZERO : new Decimal(cell);
}

export function sum(values: readonly Decimal[]): Decimal {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

/** numerator / denominator, or null where the rate is undefined (denominator 0). */
export function ratio(numerator: Decimal, denominator: Decimal): Decimal | null {
  return denominator.isZero() ? null : numerator.div(denominator);
}

export function min(a: Decimal, b: Decimal): Decimal {
  return a.lessThan(b) ? a : b;
}

export function max(a: Decimal, b: Decimal): Decimal {
  return a.greaterThan(b) ? a : b;
}

/** Round half-up to `dp` decimal places (the only rounding the engine does, at the very end). */
export function round(value: Decimal, dp = 2): Decimal {
  return value.toDecimalPlaces(dp, Decimal.ROUND_HALF_UP);
}

/** Equal once both are rounded half-up to 2 dp, as a reader of the printed table would compare them. */
export function sameAt2dp(a: Decimal, b: Decimal): boolean {
  return round(a).equals(round(b));
}
