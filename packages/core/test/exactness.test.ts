/** Property tests: sums, rates and scores are exact for random decimal inputs; rounding is half-up. */
import { Decimal as DecimalJs } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Decimal,
  DEFAULT_TEMPLATE,
  compute,
  formatAmount,
  formatPercent,
  parseMeasure,
  quantitativeScore,
  round,
  settingsOf,
} from '../src/index.js';
import { example } from './example.js';

/** A random amount as published: up to 9 integer digits and 0–4 decimals, as text. */
const amountText = fc.tuple(fc.bigInt({ min: 0n, max: 999_999_999n }), fc.integer({ min: 0, max: 4 })).map(([units, dp]) => {
  const digits = units.toString().padStart(dp + 1, '0');
  return dp === 0 ? digits : `${digits.slice(0, -dp)}.${digits.slice(-dp)}`;
});

/** Exact reference: the same decimal as a scaled BigInt (10^-4 units). */
const scaled = (text: string): bigint => {
  const [whole, frac = ''] = text.split('.');
  return BigInt(whole!) * 10_000n + BigInt(frac.padEnd(4, '0'));
};

describe('exact decimal arithmetic', () => {
  it('the 本级专项 column sums equal the exact integer sums', () => {
    fc.assert(
      fc.property(fc.array(amountText, { minLength: 1, maxLength: 60 }), (amounts) => {
        const pkg = example();
        pkg.basicData.lines.localSpecial = amounts.map((a, i) => ({ name: `项目${i}`, prior: a, budget: null, actual: a }));
        const sumText = compute(pkg).lineSums['localSpecial']!.actual.toFixed(4);
        const exact = amounts.reduce((t, a) => t + scaled(a), 0n);
        expect(scaled(sumText)).toBe(exact);
      }),
    );
  });

  it('0.1 + 0.2 is 0.3 and 1.005 rounds to 1.01 (no binary floats)', () => {
    const pkg = example();
    pkg.basicData.lines.localSpecial = [
      { name: 'a', prior: null, budget: null, actual: '0.1' },
      { name: 'b', prior: null, budget: null, actual: '0.2' },
    ];
    expect(compute(pkg).lineSums['localSpecial']!.actual.toString()).toBe('0.3');
    expect(formatAmount(new Decimal('1.005'))).toBe('1.01');
    expect(formatAmount(new Decimal('2.675'))).toBe('2.68');
    expect(formatAmount(new Decimal('-0.005'))).toBe('-0.01');
  });

  it('values beyond the fast range (many digits, many decimals) stay exact', () => {
    const longText = fc.tuple(fc.bigInt({ min: -(10n ** 22n), max: 10n ** 22n }), fc.integer({ min: 0, max: 10 })).map(([n, dp]) => {
      const negative = n < 0n;
      const digits = (negative ? -n : n).toString().padStart(dp + 1, '0');
      return (negative ? '-' : '') + (dp === 0 ? digits : `${digits.slice(0, -dp)}.${digits.slice(-dp)}`);
    });
    const toScaled = (text: string): bigint => {
      const negative = text.startsWith('-');
      const [whole, frac = ''] = text.replace('-', '').split('.');
      const v = BigInt(whole!) * 10n ** 10n + BigInt(frac.padEnd(10, '0'));
      return negative ? -v : v;
    };
    fc.assert(
      fc.property(fc.array(longText, { minLength: 1, maxLength: 20 }), (texts) => {
        const total = texts.reduce((t, x) => t.plus(new Decimal(x)), new Decimal(0));
        const exact = texts.reduce((t, x) => t + toScaled(x), 0n);
        expect(toScaled(total.toFixed(10))).toBe(exact);
        expect(new Decimal(total.toString()).equals(total)).toBe(true);
      }),
    );
  });

  it('formats negative and rounded values as a reader expects', () => {
    expect(new Decimal('-0.005').toFixed(2)).toBe('-0.01');
    expect(new Decimal('-0.004').toFixed(2)).toBe('0.00');
    expect(new Decimal('0.86').negated().toString()).toBe('-0.86');
    expect(new Decimal('797.2').toFixed(2)).toBe('797.20');
    expect(new Decimal('4.93').toFixed()).toBe('4.93');
    expect(new Decimal('4.07').div('7').toFixed(6)).toBe('0.581429');
    expect(new Decimal('1').div('3').times('3').toFixed(2)).toBe('1.00');
    expect(new Decimal('123456789012.5').plus('0.5').toString()).toBe('123456789013');
  });

  it('rounding is half-up at 2 dp for any value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), (thousandths) => {
        const value = new Decimal(thousandths.toString()).div(1000);
        const abs = thousandths < 0n ? -thousandths : thousandths;
        const roundedAbs = (abs + 5n) / 10n; // half away from zero, in hundredths
        const expected = new Decimal((thousandths < 0n ? -roundedAbs : roundedAbs).toString()).div(100);
        expect(round(value).equals(expected)).toBe(true);
      }),
    );
  });

  it('a control rate is actual / budget, exact before rounding', () => {
    fc.assert(
      fc.property(amountText, amountText, (actual, budget) => {
        fc.pre(scaled(budget) !== 0n);
        const pkg = example();
        pkg.basicData.rows.reception = { prior: null, budget, actual };
        const rate = compute(pkg).rows['reception']!.controlRate!;
        // rate × budget gives back actual to within the 40-digit precision
        expect(rate.times(budget).minus(actual).abs().lessThan(new Decimal('1e-25'))).toBe(true);
        // and the percentage shown is the half-up rounding of the exact quotient in hundredths of a percent
        const num = scaled(actual) * 10_000n; // percent (×100) in hundredths (×100)
        const den = scaled(budget);
        const q = (num * 10n) / den; // one more digit
        const hundredths = (q + 5n) / 10n;
        const text = `${(hundredths / 100n).toString()}.${(hundredths % 100n).toString().padStart(2, '0')}%`;
        expect(formatPercent(rate)).toBe(text);
      }),
    );
  });

  it('a rate read without its 40 digits (× a whole number, rounded, printed, compared) is what the 40 digits give', () => {
    const reference = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP });
    // decimal.js keeps the sign of a zero ("-0.00"); the engine never prints one.
    const unsigned = (text: string) => (/^-0(\.0+)?$/.test(text) ? text.slice(1) : text);
    const signed = fc.tuple(amountText, fc.boolean()).map(([text, negative]) => (negative && text !== '0' ? `-${text}` : text));
    fc.assert(
      fc.property(signed, signed, fc.integer({ min: -10_000, max: 10_000 }), signed, fc.integer({ min: 0, max: 5 }), (a, b, k, c, dp) => {
        fc.pre(scaled(b.replace('-', '')) !== 0n);
        const rate = new Decimal(a).div(b);
        const exact = new reference(a).div(b);
        // × 100 and the like: as printed, the exact (a × k) / b rounded half-up.
        expect(rate.times(k).toFixed(2)).toBe(unsigned(new reference(a).times(k).div(b).toFixed(2)));
        expect(rate.toDecimalPlaces(dp).toString()).toBe(unsigned(exact.toDecimalPlaces(dp).toFixed()));
        expect(rate.toFixed(dp)).toBe(unsigned(exact.toFixed(dp)));
        expect(rate.comparedTo(c)).toBe(exact.comparedTo(c));
        expect(new Decimal(c).comparedTo(rate)).toBe(new reference(c).comparedTo(exact));
      }),
      { numRuns: 2000 },
    );
  });

  it('indicator scores stay within [0, 分值] and are full when the target is met', () => {
    const settings = settingsOf(DEFAULT_TEMPLATE);
    fc.assert(
      fc.property(
        fc.constantFrom('≥', '≤', '=', '<', '>'),
        amountText,
        amountText,
        fc.integer({ min: 1, max: 30 }),
        (sign, target, actual, weight) => {
          const t = parseMeasure(`${sign}${target}`)!;
          const a = parseMeasure(actual)!;
          const w = new Decimal(weight);
          const { score, met } = quantitativeScore(t, a, w, settings);
          expect(score.greaterThanOrEqualTo(0) && score.lessThanOrEqualTo(w)).toBe(true);
          if (met) expect(score.equals(w)).toBe(true);
          const tv = new Decimal(target);
          const av = new Decimal(actual);
          if (!tv.isZero() && (sign === '≥' || sign === '>' || sign === '=') && av.lessThan(tv)) {
            expect(score.equals(w.times(av).div(tv))).toBe(true);
          }
          if (!tv.isZero() && (sign === '≤' || sign === '<') && av.greaterThan(tv)) {
            const linear = Decimal.max(0, new Decimal(1).minus(av.minus(tv).div(tv))).times(w);
            expect(score.equals(linear)).toBe(true);
          }
        },
      ),
    );
  });

  it('the reverse formula is a template setting', () => {
    const t = parseMeasure('≤10天')!;
    const a = parseMeasure('15天')!;
    const w = new Decimal(10);
    expect(quantitativeScore(t, a, w, settingsOf(DEFAULT_TEMPLATE)).score.toString()).toBe('5');
    const ratioTemplate = { ...DEFAULT_TEMPLATE, id: 't', reverseFormula: 'ratio' as const };
    expect(formatAmount(quantitativeScore(t, a, w, settingsOf(ratioTemplate)).score)).toBe('6.67');
  });

  it('the total is capped by 执行率 where the template says so', () => {
    const pkg = example();
    pkg.template = 'platform-caps';
    pkg.overall.funds.executed = '1545'; // 70.01%
    const scored = compute(pkg).overall!;
    expect(formatPercent(scored.executionRate)).toBe('70.01%');
    expect(scored.cap!.toString()).toBe('89');
    expect(scored.total?.toString()).toBe('89');
    expect(scored.grade).toBe('良');
  });
});
