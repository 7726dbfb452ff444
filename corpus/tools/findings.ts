/**
 * The hand-found list of a corpus folder (corpus/FORMAT.md, findings.json) against what the checks
 * report: a hand-found finding is reported when a finding's message quotes every one of its figures
 * (2 decimals, or a percentage), amounts of a table printed in 元 also matching in 万元.
 */
import { Decimal } from '@jixiao/core';

export interface HandFinding {
  id: string;
  kind: 'hard' | 'soft';
  part: string;
  where: string;
  statement: string;
  figures: string[];
}

/** The numbers a message quotes, as written ("1,325.68" is one number). */
function quoted(message: string): { value: Decimal; percent: boolean }[] {
  return [...message.matchAll(/-?\d[\d,]*(?:\.\d+)?%?/g)].map(([text]) => ({
    value: new Decimal(text.replace(/[,%]/g, '')),
    percent: text.endsWith('%'),
  }));
}

/** Whether a message quotes every figure of a hand-found finding. */
export function quotesFigures(message: string, figures: readonly string[], yuan = false): boolean {
  if (figures.length === 0) return false;
  const numbers = quoted(message);
  const near = (a: Decimal, b: Decimal) => a.minus(b).abs().lessThanOrEqualTo('0.005');
  return figures.every((text) => {
    const percent = text.endsWith('%');
    const value = new Decimal(text.replace(/[,%]/g, ''));
    return numbers.some((n) => n.percent === percent && (near(n.value, value) || (yuan && !percent && near(n.value, value.div(10_000)))));
  });
}
