/**
 * What a region overview needs of one package, computed once when the package is stored: its total
 * score and grade, how many findings of each severity are open and of which rules, and the key
 * figures compared year on year. Everything is exact decimal text; regional sums and rates are
 * computed from the stored amounts by `regionRates`, never from rounded rates.
 */
import { check } from './check.js';
import { type Decimal, HUNDRED, cellValue, dec, ratio, round } from './decimal.js';
import { formatScore } from './format.js';
import type { Package } from './model.js';
import type { Severity } from './rules/index.js';
import { rowOf } from './basic-rows.js';

/** Score bands of the overview's distribution, from the top down: a total belongs to the first band whose `min` it reaches. */
export const SCORE_BANDS: readonly { min: number; label: string }[] = [
  { min: 90, label: '90 分及以上' },
  { min: 80, label: '80–89.99 分' },
  { min: 70, label: '70–79.99 分' },
  { min: 60, label: '60–69.99 分' },
  { min: 0, label: '60 分以下' },
];

/** The band (its lower bound) of a total score. */
export function scoreBand(total: Decimal): number {
  return SCORE_BANDS.find((b) => total.greaterThanOrEqualTo(b.min))?.min ?? 0;
}

/** The key figures an overview compares: amounts in 万元 and rates in percent, as exact decimal text; null where the package has none. */
export interface KeyFigures {
  /** 附件1 三公经费 本年预算数 / 本年决算数 */
  threePublicBudget: string | null;
  threePublicActual: string | null;
  /** 三公经费控制率 = 决算 ÷ 预算 × 100, 2 dp */
  threePublicRate: string | null;
  /** 附件2 全年预算数 / 全年执行数 */
  fullYearBudget: string | null;
  executed: string | null;
  /** 年度预算执行率 = 执行数 ÷ 全年预算数 × 100, 2 dp */
  executionRate: string | null;
  /** 附件1 公用经费 本年决算数 */
  publicFunds: string | null;
}

export interface PackageSummary {
  /** core's computed total (2 dp) and grade; null when the package has no 附件2 */
  total: string | null;
  grade: '优' | '良' | '中' | '差' | null;
  /** lower bound of the total's SCORE_BANDS band */
  band: number | null;
  counts: Record<Severity, number>;
  /** one entry per rule with open findings: its severity and how many findings */
  rules: { rule: string; severity: Severity; count: number }[];
  figures: KeyFigures;
}

const amount = (cell: string | null | undefined): string | null =>
  cell === null || cell === undefined ? null : cellValue(cell).toString();
const percent = (rate: Decimal | null | undefined): string | null => (rate ? round(rate.times(HUNDRED), 2).toFixed(2) : null);

/** The package's summary: its checked total and grade (the same `check` every screen and document shows), findings and key figures. */
export function summarise(pkg: Package): PackageSummary {
  const { computed, counts, findings } = check(pkg);
  const overall = computed.overall;
  const byRule = new Map<string, { rule: string; severity: Severity; count: number }>();
  for (const f of findings) {
    const entry = byRule.get(f.ruleId);
    if (entry) entry.count += 1;
    else byRule.set(f.ruleId, { rule: f.ruleId, severity: f.severity, count: 1 });
  }
  const threePublic = pkg.basicData ? rowOf(pkg.basicData, 'threePublic') : undefined;
  const publicFunds = pkg.basicData ? rowOf(pkg.basicData, 'publicFunds') : undefined;
  return {
    total: overall?.total ? formatScore(overall.total) : null,
    grade: overall?.grade ?? null,
    band: overall?.total ? scoreBand(overall.total) : null,
    counts,
    rules: [...byRule.values()],
    figures: {
      threePublicBudget: amount(threePublic?.budget),
      threePublicActual: amount(threePublic?.actual),
      threePublicRate: percent(computed.rows['threePublic']?.controlRate),
      fullYearBudget: amount(pkg.overall?.funds.fullYearBudget),
      executed: amount(pkg.overall?.funds.executed),
      executionRate: percent(overall?.executionRate),
      publicFunds: amount(publicFunds?.actual),
    },
  };
}

/** A region's key figures from its units' stored ones: sums of the amounts, and rates of the sums (not averages of rates). */
export function regionFigures(units: readonly KeyFigures[]): {
  threePublicRate: string | null;
  executionRate: string | null;
  publicFunds: string | null;
} {
  const total = (pick: (f: KeyFigures) => string | null) => sumOf(units.map(pick));
  // A rate counts only the units that state both of its amounts.
  const rate = (num: (f: KeyFigures) => string | null, den: (f: KeyFigures) => string | null) => {
    const both = units.filter((u) => num(u) !== null && den(u) !== null);
    const n = sumOf(both.map(num));
    const d = sumOf(both.map(den));
    return n === null || d === null ? null : percent(ratio(n, d));
  };
  const funds = total((f) => f.publicFunds);
  return {
    threePublicRate: rate(
      (f) => f.threePublicActual,
      (f) => f.threePublicBudget,
    ),
    executionRate: rate(
      (f) => f.executed,
      (f) => f.fullYearBudget,
    ),
    publicFunds: funds === null ? null : round(funds, 2).toFixed(2),
  };
}

/**
 * The exact sum of decimal texts (nulls left out; null when there are none), added as whole numbers
 * at the longest scale among them: a region's thousands of amounts in a few milliseconds.
 */
export function sumOf(texts: readonly (string | null)[]): Decimal | null {
  let sum = 0n;
  let scale = 0;
  let any = false;
  for (const text of texts) {
    if (text === null) continue;
    any = true;
    const negative = text.startsWith('-');
    const [whole = '0', fraction = ''] = (negative ? text.slice(1) : text).split('.');
    if (fraction.length > scale) {
      sum *= 10n ** BigInt(fraction.length - scale);
      scale = fraction.length;
    }
    const value = BigInt(whole + fraction.padEnd(scale, '0'));
    sum += negative ? -value : value;
  }
  if (!any) return null;
  const digits = (sum < 0n ? -sum : sum).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return dec(sum < 0n ? `-${text}` : text);
}
