import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type KeyFigures, check, formatTotal, parsePackage, regionFigures, scoreBand, dec, sumOf, summarise } from '../src/index.js';

const SEED = (() => {
  const parsed = parsePackage(JSON.parse(readFileSync(new URL('../../../examples/lvxianting-2023.json', import.meta.url), 'utf8')));
  if (!parsed.ok) throw new Error('seed');
  return parsed.package;
})();

const figures = (f: Partial<KeyFigures>): KeyFigures => ({
  threePublicBudget: null,
  threePublicActual: null,
  threePublicRate: null,
  fullYearBudget: null,
  executed: null,
  executionRate: null,
  publicFunds: null,
  ...f,
});

describe('package summary', () => {
  it('is the checked total and grade, the open findings by rule and the key figures', () => {
    const s = summarise(SEED);
    const { computed, counts, findings } = check(SEED);
    expect(s.total).toBe(computed.overall!.total?.toFixed(2));
    expect(s.grade).toBe(computed.overall!.grade);
    expect(s.counts).toEqual(counts);
    expect(s.rules.reduce((n, r) => n + r.count, 0)).toBe(findings.length);
    expect(new Set(s.rules.map((r) => r.rule))).toEqual(new Set(findings.map((f) => f.ruleId)));
    // 附件1 三公经费 7 万元 budgeted, 4.07 spent: 58.14%; 附件2 fully executed.
    expect(s.figures).toMatchObject({
      threePublicBudget: '7',
      threePublicActual: '4.07',
      threePublicRate: '58.14',
      executionRate: '100.00',
    });
  });

  it('has no score without 附件2', () => {
    expect(summarise({ ...SEED, overall: null })).toMatchObject({ total: null, grade: null, band: null });
  });

  it('has no score for a 附件2 cut off before its 总分 row, nor compares one with the report: the rows not there are not zeros', () => {
    const stated = structuredClone(SEED);
    stated.report!.sections[0]!.paragraphs.push('本单位自评得分98分。');
    const findsScore = (pkg: typeof SEED) => check(pkg).findings.some((f) => f.ruleId === 'r.figures' && f.message.includes('自评得分'));
    // Whole, the table totals 100.00: the report's 98 is wrong.
    expect(findsScore(stated)).toBe(true);
    const cut = structuredClone(stated);
    cut.overall!.indicators = cut.overall!.indicators.slice(0, 5);
    cut.overall!.declaredTotal = null;
    const scored = check(cut).computed.overall!;
    expect([scored.total, scored.grade]).toEqual([null, null]);
    expect(scored.rowsTotal.lessThan(dec('100'))).toBe(true);
    expect(summarise(cut)).toMatchObject({ total: null, grade: null, band: null });
    expect(findsScore(cut)).toBe(false);
    expect(scored.untotalled).toBe('无总分行');
  });

  it('has no score where a row with a 分值 has no 得分: a score not given is not a zero', () => {
    // Under a template that keeps the unit's scores as typed: the default computes a blank one.
    const blank = { ...structuredClone(SEED), template: 'typed' };
    blank.overall!.indicators[0]!.score = null;
    const scored = check(blank).computed.overall!;
    expect([scored.total, scored.grade, scored.untotalled]).toEqual([null, null, '有行未得分']);
    expect(summarise(blank)).toMatchObject({ total: null, grade: null, band: null });
    expect(formatTotal(scored)).toContain('未能合计（有行未得分');
  });

  it('puts a total in the band whose lower bound it reaches', () => {
    expect([dec('100'), dec('90'), dec('89.99'), dec('60'), dec('59.99'), dec('0')].map(scoreBand)).toEqual([90, 90, 80, 60, 0, 0]);
  });

  it('sums decimal text exactly, whatever the scales', () => {
    expect(sumOf(['0.1', '0.2', '-0.3'])!.toString()).toBe('0');
    expect(sumOf(['797.2', '0.005', '3'])!.toFixed(3)).toBe('800.205');
    expect(sumOf([null, null])).toBeNull();
  });

  it('gives a region the rates of its sums, counting only units that state both amounts', () => {
    const r = regionFigures([
      figures({ threePublicBudget: '10', threePublicActual: '5', fullYearBudget: '100', executed: '100', publicFunds: '1.005' }),
      figures({ threePublicBudget: '30', threePublicActual: '30', fullYearBudget: '300', executed: '0', publicFunds: '2' }),
      figures({ threePublicBudget: '50', fullYearBudget: '600', publicFunds: null }),
    ]);
    // 三公 35 / 40; 执行 100 / 400 (the third unit states no 执行数); 公用经费 3.005 → 3.01 (half-up).
    expect(r).toEqual({ threePublicRate: '87.50', executionRate: '25.00', publicFunds: '3.01' });
    expect(regionFigures([])).toEqual({ threePublicRate: null, executionRate: null, publicFunds: null });
  });
});
