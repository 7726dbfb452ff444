/**
 * Exact decimal arithmetic for amounts, rates and scores.
 *
 * Table figures have at most a few decimals, so a value is held as an integer count of millionths in a
 * JS number whenever that integer is safe (|n| < 2^53): sums, differences, comparisons and rounding are
 * then exact integer operations with no allocation beyond the result. Anything else (a quotient, a
 * product that would leave the safe range, more than 6 decimals) is held by decimal.js at 40 significant
 * digits. Either way no binary fraction ever stands for money, and rounding is half-up (四舍五入).
 */
import { Decimal as DecimalJs } from 'decimal.js';

const Big = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP });
type Big = InstanceType<typeof Big>;

/** The largest safe integer, parsed once: a comparison with a plain number parses it every time. */
const MAX_SAFE = new Big(Number.MAX_SAFE_INTEGER);

/** Millionths: the fast representation's unit. */
const SCALE = 1_000_000;
const SCALE_DIGITS = 6;
/** 10^(6 − decimals) for 0…6 decimals */
const FRACTION_SCALE = [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

export type DecimalInput = string | number | Decimal;

export class Decimal {
  static readonly ROUND_HALF_UP = DecimalJs.ROUND_HALF_UP;

  /** value × 10^6 as a safe integer, or NaN when the value lives in `big` only */
  private readonly units: number;
  private big: Big | undefined;
  /**
   * A quotient of two unit counts whose 40-digit value is not worked out yet: most rates a check computes
   * (every row's control and change rate) are never read, and a decimal.js division is the costliest
   * step of compute(). `toBig()` divides on first use, exactly as `div` would have.
   */
  private quotient: readonly [numerator: number, denominator: number] | undefined;

  /** `internalUnits` is for this module only: a result already known in millionths skips parsing. */
  constructor(value: DecimalInput, internalUnits?: number) {
    this.quotient = undefined;
    if (internalUnits !== undefined) {
      this.units = internalUnits;
      this.big = undefined;
    } else if (value instanceof Decimal) {
      this.units = value.units;
      this.big = value.big;
      this.quotient = value.quotient;
    } else if (typeof value === 'number') {
      const units = value * SCALE;
      if (Number.isInteger(value) && Number.isSafeInteger(units)) this.units = units;
      else {
        this.units = NaN;
        this.big = new Big(value);
      }
    } else {
      this.units = fastUnits(value);
      if (Number.isNaN(this.units)) this.big = new Big(value);
    }
  }

  private static ofUnits(units: number): Decimal {
    return new Decimal(0, units);
  }

  private static ofBig(big: Big): Decimal {
    // Normalise back to the fast form where the result fits, so later sums stay cheap.
    if (big.decimalPlaces() <= SCALE_DIGITS) {
      const units = big.times(SCALE);
      if (units.abs().lessThan(MAX_SAFE)) return Decimal.ofUnits(units.toNumber());
    }
    const d = new Decimal(0, NaN);
    d.big = big;
    return d;
  }

  private static ofQuotient(numerator: number, denominator: number): Decimal {
    const d = new Decimal(0, NaN);
    d.quotient = [numerator, denominator];
    return d;
  }

  private get fast(): boolean {
    return !Number.isNaN(this.units);
  }

  private toBig(): Big {
    if (this.big === undefined) {
      // (a / 10^6) / (b / 10^6) is a / b: the same exact quotient, so the same correctly rounded 40 digits.
      if (this.quotient !== undefined) this.big = new Big(this.quotient[0]).div(this.quotient[1]);
      // From the text rather than units / 10^6: parsing is exact and far cheaper than a 40-digit division.
      else this.big = new Big(this.toString());
    }
    return this.big;
  }

  plus(other: DecimalInput): Decimal {
    const o = toDecimal(other);
    if (this.fast && o.fast) {
      const units = this.units + o.units;
      if (Number.isSafeInteger(units)) return Decimal.ofUnits(units);
    }
    return Decimal.ofBig(this.toBig().plus(o.toBig()));
  }

  minus(other: DecimalInput): Decimal {
    const o = toDecimal(other);
    if (this.fast && o.fast) {
      const units = this.units - o.units;
      if (Number.isSafeInteger(units)) return Decimal.ofUnits(units);
    }
    return Decimal.ofBig(this.toBig().minus(o.toBig()));
  }

  times(other: DecimalInput): Decimal {
    const o = toDecimal(other);
    if (this.fast && o.fast) {
      const product = this.units * o.units;
      if (Number.isSafeInteger(product) && product % SCALE === 0) return Decimal.ofUnits(product / SCALE);
      // By a whole number (× 1, × 100, × 10000): units × n is exact when it is a safe integer, where the
      // product of two unit counts (10^12 times the value) has left the safe range for any amount over 9000.
      if (o.units % SCALE === 0) {
        const units = this.units * (o.units / SCALE);
        if (Number.isSafeInteger(units)) return Decimal.ofUnits(units);
      }
      if (this.units % SCALE === 0) {
        const units = o.units * (this.units / SCALE);
        if (Number.isSafeInteger(units)) return Decimal.ofUnits(units);
      }
    }
    // A rate × 100 (a percentage): (n / d) × k is (n × k) / d, divided as div() does, with no 40-digit division.
    const scaled = this.quotientTimes(o) ?? o.quotientTimes(this);
    if (scaled) return scaled;
    return Decimal.ofBig(this.toBig().times(o.toBig()));
  }

  /** This quotient times a whole number, or null where either is not one or the product leaves the safe range. */
  private quotientTimes(o: Decimal): Decimal | null {
    if (this.quotient === undefined || this.big !== undefined || !o.fast || o.units % SCALE !== 0) return null;
    const numerator = this.quotient[0] * (o.units / SCALE);
    return Number.isSafeInteger(numerator) ? Decimal.ofUnits(numerator).div(Decimal.ofUnits(this.quotient[1])) : null;
  }

  div(other: DecimalInput): Decimal {
    const o = toDecimal(other);
    if (this.fast && o.fast && o.units !== 0) {
      // Exact when the quotient is a whole number of millionths: a × 10^6 divisible by b (in BigInt where
      // a × 10^6 leaves the safe range, as it does for any amount over 9007).
      const scaled = this.units * SCALE;
      if (Number.isSafeInteger(scaled)) {
        if (scaled % o.units === 0) return Decimal.ofUnits(scaled / o.units);
      } else {
        const wide = BigInt(this.units) * 1_000_000n;
        const divisor = BigInt(o.units);
        if (wide % divisor === 0n) {
          const units = Number(wide / divisor);
          if (Number.isSafeInteger(units)) return Decimal.ofUnits(units);
          return Decimal.ofBig(this.toBig().div(o.toBig()));
        }
      }
      // No whole number of millionths, and its 40 digits never round to one: it lies at least
      // 10^-6 / |b| > 10^-22 from one, and |a / b| < 2^53 keeps 40 digits finer than 10^-24. ofBig would
      // keep it in decimal.js, so it can wait there until it is read.
      return Decimal.ofQuotient(this.units, o.units);
    }
    return Decimal.ofBig(this.toBig().div(o.toBig()));
  }

  negated(): Decimal {
    return this.fast ? Decimal.ofUnits(-this.units || 0) : Decimal.ofBig(this.toBig().negated());
  }

  abs(): Decimal {
    return this.fast ? Decimal.ofUnits(Math.abs(this.units)) : Decimal.ofBig(this.toBig().abs());
  }

  comparedTo(other: DecimalInput): number {
    const o = toDecimal(other);
    if (this.fast && o.fast) return this.units < o.units ? -1 : this.units > o.units ? 1 : 0;
    // A rate against a threshold (执行率 > 100%): n / d against u / 10^6 is n × 10^6 against u × d, in integers.
    if (this.quotient !== undefined && this.big === undefined && o.fast) return compareQuotient(this.quotient, o.units);
    if (o.quotient !== undefined && o.big === undefined && this.fast) return -compareQuotient(o.quotient, this.units);
    return this.toBig().comparedTo(o.toBig());
  }

  equals(other: DecimalInput): boolean {
    return this.comparedTo(other) === 0;
  }

  lessThan(other: DecimalInput): boolean {
    return this.comparedTo(other) < 0;
  }

  lessThanOrEqualTo(other: DecimalInput): boolean {
    return this.comparedTo(other) <= 0;
  }

  greaterThan(other: DecimalInput): boolean {
    return this.comparedTo(other) > 0;
  }

  greaterThanOrEqualTo(other: DecimalInput): boolean {
    return this.comparedTo(other) >= 0;
  }

  isZero(): boolean {
    return this.fast ? this.units === 0 : this.toBig().isZero();
  }

  isNegative(): boolean {
    return this.fast ? this.units < 0 : this.toBig().isNegative() && !this.toBig().isZero();
  }

  /** Rounded half-up (the only rounding the engine does) to `dp` decimal places. */
  toDecimalPlaces(dp: number, _rounding: typeof Decimal.ROUND_HALF_UP = Decimal.ROUND_HALF_UP): Decimal {
    if (this.fast) {
      if (dp >= SCALE_DIGITS) return this;
      // Integer remainder arithmetic: exact for every safe integer, unlike a floating division.
      const step = FRACTION_SCALE[dp] ?? 1;
      const size = Math.abs(this.units);
      const rest = size % step;
      if (rest === 0) return this; // already at `dp` places: nothing to round, nothing to allocate
      const magnitude = size - rest + (rest * 2 >= step ? step : 0);
      return Decimal.ofUnits(this.units < 0 ? -magnitude || 0 : magnitude);
    }
    if (this.quotient !== undefined && this.big === undefined && dp < SCALE_DIGITS) {
      // Half-up from the exact quotient, in integers. The same as rounding its 40 digits: n / d with
      // |d| < 2^53 lies at least 1 / (2 × 10^dp × |d|) from any half-way point it is not on, far more
      // than the error of 40 digits, and one it is on has few enough digits to be exact in 40.
      const [n, d] = this.quotient;
      const wide = BigInt(Math.abs(n)) * 10n ** BigInt(dp);
      const divisor = BigInt(Math.abs(d));
      const magnitude = Number((2n * wide + divisor) / (2n * divisor)) * (FRACTION_SCALE[dp] ?? 1);
      if (Number.isSafeInteger(magnitude)) return Decimal.ofUnits(n < 0 !== d < 0 ? -magnitude || 0 : magnitude);
    }
    return Decimal.ofBig(this.toBig().toDecimalPlaces(dp, DecimalJs.ROUND_HALF_UP));
  }

  toSignificantDigits(digits: number): Decimal {
    return Decimal.ofBig(this.toBig().toSignificantDigits(digits, DecimalJs.ROUND_HALF_UP));
  }

  /** Number of decimal places of the exact value (trailing zeros dropped). */
  decimalPlaces(): number {
    if (!this.fast) return this.toBig().decimalPlaces();
    let units = Math.abs(this.units);
    let places = SCALE_DIGITS;
    while (places > 0 && units % 10 === 0) {
      units /= 10;
      places -= 1;
    }
    return places;
  }

  /** Fixed-point text, rounded half-up: 797.2 → "797.20"; without `dp`, every digit (as decimal.js does). */
  toFixed(dp?: number): string {
    if (dp === undefined) return this.toString();
    if (!this.fast) {
      const rounded = this.toDecimalPlaces(dp);
      return rounded.fast ? rounded.toFixed(dp) : this.toBig().toFixed(dp, DecimalJs.ROUND_HALF_UP);
    }
    const rounded = this.toDecimalPlaces(dp).units;
    const negative = rounded < 0;
    const digits = String(Math.abs(rounded)).padStart(SCALE_DIGITS + 1, '0');
    const whole = digits.slice(0, -SCALE_DIGITS);
    const fraction = digits.slice(-SCALE_DIGITS).padEnd(dp, '0').slice(0, dp);
    return `${negative ? '-' : ''}${whole}${dp > 0 ? `.${fraction}` : ''}`;
  }

  /** Shortest exact text: "797.2", "-0.86", "100". */
  toString(): string {
    if (!this.fast) return this.toBig().toFixed();
    return this.toFixed(this.decimalPlaces());
  }

  toJSON(): string {
    return this.toString();
  }

  static max(a: DecimalInput, b: DecimalInput): Decimal {
    const x = toDecimal(a);
    const y = toDecimal(b);
    return x.greaterThanOrEqualTo(y) ? x : y;
  }

  static min(a: DecimalInput, b: DecimalInput): Decimal {
    const x = toDecimal(a);
    const y = toDecimal(b);
    return x.lessThanOrEqualTo(y) ? x : y;
  }
}

/**
 * Millionths of strict decimal text, or NaN where the fast form cannot hold it exactly (more than 9 integer
 * digits or 6 decimals, or not decimal text at all). A hand-written scan: this runs for every cell read.
 */
function fastUnits(text: string): number {
  const length = text.length;
  let i = 0;
  const negative = length > 0 && text.charCodeAt(0) === 45; // '-'
  if (negative) i = 1;
  let whole = 0;
  const wholeStart = i;
  for (; i < length; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) break;
    whole = whole * 10 + digit;
  }
  const wholeDigits = i - wholeStart;
  if (wholeDigits === 0 || wholeDigits > 9) return NaN;
  let fraction = 0;
  let fractionDigits = 0;
  if (i < length) {
    if (text.charCodeAt(i) !== 46) return NaN; // '.'
    for (i += 1; i < length; i++) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9 || ++fractionDigits > SCALE_DIGITS) return NaN;
      fraction = fraction * 10 + digit;
    }
    if (fractionDigits === 0) return NaN;
  }
  const units = whole * SCALE + fraction * (FRACTION_SCALE[fractionDigits] ?? 1);
  return negative ? -units || 0 : units;
}

/** n / d (unit counts) against u / 10^6: −1, 0 or 1, exactly. */
function compareQuotient([n, d]: readonly [number, number], u: number): number {
  const left = BigInt(n) * 1_000_000n * (d < 0 ? -1n : 1n);
  const right = BigInt(u) * BigInt(Math.abs(d));
  return left < right ? -1 : left > right ? 1 : 0;
}

function toDecimal(value: DecimalInput): Decimal {
  return value instanceof Decimal ? value : new Decimal(value);
}

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
  return value.toDecimalPlaces(dp);
}

/** Equal once both are rounded half-up to 2 dp, as a reader of the printed table would compare them. */
export function sameAt2dp(a: Decimal, b: Decimal): boolean {
  return round(a).equals(round(b));
}
