/** How figures are written in tables and messages: 2 dp, half-up, 万元 and %. */
import type { ScoredEvaluation } from './compute.js';
import { Decimal, HUNDRED, cellValue, round } from './decimal.js';
import type { Cell } from './model.js';

/** 797.2 → "797.20" */
export function formatAmount(value: Decimal, dp = 2): string {
  return round(value, dp).toFixed(dp);
}

/** An amount as messages write it: 2 dp, half-up, thousands grouped — 1051.605 → "1,051.61", −0.001 → "0.00". */
export function formatMoney(value: Decimal, dp = 2): string {
  const rounded = round(value, dp);
  const text = (rounded.isZero() ? rounded.abs() : rounded).toFixed(dp);
  const point = text.indexOf('.');
  const whole = point === -1 ? text : text.slice(0, point);
  const grouped = whole.length > 3 ? groupThousands(whole) : whole;
  return point === -1 ? grouped : grouped + text.slice(point);
}

/** "-1234567" → "-1,234,567": a comma before every third digit from the right, by position. */
function groupThousands(whole: string): string {
  const sign = whole.charCodeAt(0) === 45 ? 1 : 0;
  const digits = whole.length - sign;
  let out = whole.slice(0, sign + (digits % 3 || 3));
  for (let i = sign + (digits % 3 || 3); i < whole.length; i += 3) out += `,${whole.slice(i, i + 3)}`;
  return out;
}

/** A ratio (0.5814…) as a percentage: "58.14%"; null (undefined rate) as "—". */
export function formatPercent(ratioValue: Decimal | null, dp = 2): string {
  return ratioValue === null ? '—' : `${round(ratioValue.times(HUNDRED), dp).toFixed(dp)}%`;
}

/** A score or weight: "10.00" */
export function formatScore(value: Decimal): string {
  return round(value).toFixed(2);
}

/**
 * A 自评表's total as a screen or the CLI says it: "95.50（优）", or, where no total is known (no 总分
 * row, a row without 得分), what the scored rows add up to and why there is no total.
 */
export function formatTotal(scored: Pick<ScoredEvaluation, 'total' | 'grade' | 'rowsTotal' | 'untotalled'>): string {
  if (scored.total === null || scored.grade === null)
    return `未能合计（${scored.untotalled ?? ''}，缺少的不计为 0，不评等级），已得分各行合计 ${formatScore(scored.rowsTotal)}`;
  return `${formatScore(scored.total)}（${scored.grade}）`;
}

/** The total in a narrow column (the list of projects): "95.00 优", or why there is none. */
export function formatShortTotal(scored: Pick<ScoredEvaluation, 'total' | 'grade' | 'untotalled'>): string {
  if (scored.total === null || scored.grade === null) return `未能合计（${scored.untotalled ?? ''}）`;
  return `${formatScore(scored.total)} ${scored.grade}`;
}

/**
 * A cell where a figure stands, written by `format` ("1,663.95" by default), or "未填" where it is
 * blank: a blank is not a 0.00. Messages, the CLI and the editor write a blank cell so.
 */
export function formatCell(cell: Cell, format: (value: Decimal) => string = formatMoney): string {
  return cell === null ? '未填' : format(cellValue(cell));
}

export { Decimal };
