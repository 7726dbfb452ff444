/**
 * Every message that states a difference states it with the right sign and the right size (issue 15):
 * each rule that reports one is made to fire on the seed with the difference positive and with it
 * negative, and every message that comes out is read back — "a − b = c", "A 与 B 之差 c" and "A … B 不符（差 c）"
 * — and c must equal the difference of the figures the message names (as it shows them, at 2 dp).
 * Amounts in messages are written at 2 dp, half-up, with thousands grouped ("1,051.61").
 */
import { describe, expect, it } from 'vitest';
import {
  Decimal,
  YEAR_ROWS,
  cellValue,
  check,
  emptyProject,
  formatMoney,
  round,
  type Finding,
  type ProjectEvaluation,
} from '../src/index.js';
import { example, lines, row, type CompletePackage } from './example.js';

const NUM = String.raw`-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?`;
const num = (text: string) => new Decimal(text.replace(/,/g, ''));
/** A figure with its unit after it (the figures a "（差 c）" compares). */
const WITH_UNIT = new RegExp(`(${NUM}) ?(?=万元|元|人|户|分)`, 'g');
const WRITTEN_OUT = new RegExp(`(?<![\\d(（])(${NUM}) − (${NUM}) = (${NUM})(?![\\d)）])`, 'g');
const GAP = new RegExp(`（差 (${NUM})）`);
const NAMED = new RegExp(`附件1 (\\S+?)(本年决算数与上年决算数|上年决算数与本年决算数)之差 (${NUM}) 万元`);
const WEIGHTS = new RegExp(`分值合计为 (${NUM})（.*），应为 (${NUM})（差`);

type Sign = 'positive' | 'negative';
interface Case {
  ruleId: string;
  sign: Sign;
  what: string;
  change: (pkg: CompletePackage) => void;
}

const item = (pkg: CompletePackage, name: string) => lines(pkg, 'localSpecial').find((r) => r.name === name)!;
const plus = (cell: string | null, by: string) => cellValue(cell).plus(by).toString();
const text = (pkg: CompletePackage, section: number, paragraph: number, from: string, to: string) => {
  const paragraphs = pkg.report.sections[section]!.paragraphs;
  if (!paragraphs[paragraph]!.includes(from)) throw new Error(`no “${from}” in the seed's text`);
  paragraphs[paragraph] = paragraphs[paragraph]!.replace(from, to);
};
const add = (pkg: CompletePackage, section: number, paragraph: string) => pkg.report.sections[section]!.paragraphs.push(paragraph);

function sanitation(executed: string): ProjectEvaluation {
  const funds = {
    initialBudget: '395.28',
    fullYearBudget: '395.28',
    executed,
    weight: '10',
    declared: { executionRate: null, score: null },
  };
  return {
    ...emptyProject('hunan'),
    name: '环卫工人工资',
    funds,
    fundSources: [
      { kind: 'fiscal', initialBudget: '395.28', fullYearBudget: '395.28', executed: '395.28', declared: { executionRate: null } },
    ],
  };
}

const both = (ruleId: string, what: string, positive: Case['change'], negative: Case['change']): Case[] => [
  { ruleId, sign: 'positive', what, change: positive },
  { ruleId, sign: 'negative', what, change: negative },
];

const CASES: Case[] = [
  ...both(
    'a1.three-public-sum',
    '公务接待费 本年决算',
    (p) => (row(p, 'reception').actual = '4.17'),
    (p) => (row(p, 'reception').actual = '3.97'),
  ),
  ...both(
    'a1.project-sum',
    '业务工作经费 本年决算',
    (p) => (row(p, 'business').actual = plus(row(p, 'business').actual, '10')),
    (p) => (row(p, 'business').actual = plus(row(p, 'business').actual, '-10')),
  ),
  ...both(
    'a1.lines-sum',
    '环卫经费 本年决算',
    // typed totals: where they are computed, the lines make 本级专项资金 and cannot disagree with it
    (p) => ((p.template = 'typed'), (item(p, '环卫经费').actual = plus(item(p, '环卫经费').actual, '0.01'))),
    (p) => ((p.template = 'typed'), (item(p, '环卫经费').actual = plus(item(p, '环卫经费').actual, '-0.01'))),
  ),
  ...both(
    'x.project-spending',
    '附件2 项目支出',
    (p) => (p.overall.byExpense.project = '797.38'),
    (p) => (p.overall.byExpense.project = '797.02'),
  ),
  ...both(
    'a2.income-split',
    '附件2 其他资金',
    (p) => (p.overall.byIncome.other = '600'),
    (p) => (p.overall.byIncome.other = '500'),
  ),
  ...both(
    'a2.expense-split',
    '附件2 基本支出',
    (p) => (p.overall.byExpense.basic = '1420'),
    (p) => (p.overall.byExpense.basic = '1400'),
  ),
  ...both(
    'ev.weight-total',
    '附件2 一个分值',
    (p) => (p.overall.indicators[0]!.weight = '7'),
    (p) => (p.overall.indicators[0]!.weight = '5'),
  ),
  ...both(
    'a3.fund-sources',
    '附件3 全年执行数 under its 资金来源',
    (p) => p.projects.push(sanitation('300')),
    (p) => p.projects.push(sanitation('400')),
  ),
  ...both(
    'x.project-tables',
    '附件3 全年执行数 against 附件1',
    (p) => p.projects.push({ ...sanitation('395.38'), fundSources: [] }),
    (p) => p.projects.push({ ...sanitation('395.18'), fundSources: [] }),
  ),
  ...both(
    'r.figures',
    'an amount in the text',
    (p) => text(p, 1, 1, '公务接待费4.07万元', '公务接待费4.70万元'),
    (p) => text(p, 1, 1, '公务接待费4.07万元', '公务接待费3.70万元'),
  ),
  ...both(
    'r.figures',
    'a decrease in the text',
    (p) => text(p, 1, 1, '减少了0.86万元', '减少了1.04万元'),
    (p) => text(p, 1, 1, '减少了0.86万元', '减少了0.68万元'),
  ),
  ...both(
    'r.figures',
    'the table grew where the text says it fell (5.07 against 4.93)',
    (p) => {
      row(p, 'reception').actual = '5.07';
      text(p, 1, 1, '减少了0.86万元', '减少了0.14万元');
    },
    (p) => text(p, 1, 1, '减少了0.86万元', '增加了0.86万元'),
  ),
  ...both(
    'r.project-amount',
    'a project line',
    (p) => (item(p, '环卫工人工资').actual = '395.18'),
    (p) => (item(p, '环卫工人工资').actual = '395.38'),
  ),
  ...both(
    'r.project-list-sum',
    'the total the text states',
    (p) => text(p, 1, 3, '项目支出为797.20万元', '项目支出为790.00万元'),
    (p) => text(p, 1, 3, '项目支出为797.20万元', '项目支出为800.00万元'),
  ),
  ...both(
    'rt.sum',
    'parts closed by 其他',
    (p) => add(p, 0, '本单位2023年度收入合计2280.50万元，其中：财政拨款收入2200.00万元、其他收入90.00万元。'),
    (p) => add(p, 0, '本单位2023年度收入合计2300.50万元，其中：财政拨款收入2200.00万元、其他收入90.00万元。'),
  ),
  ...both(
    'rt.change',
    'a change its two years contradict',
    (p) => add(p, 5, '本单位2023年度公用经费支出701.07万元，比上年的650.00万元增加61.07万元。'),
    (p) => add(p, 5, '本单位2023年度公用经费支出601.07万元，比上年的650.00万元增加41.07万元。'),
  ),
];

const LABELS = new Map<string, string>((YEAR_ROWS as readonly { id: string; label: string }[]).map((r) => [r.label, r.id]));

/** Reads back every difference a message states; returns how many it found, and fails on a wrong one. */
function verify(finding: Finding, pkg: CompletePackage): { checked: number; signs: Sign[] } {
  const { message } = finding;
  const signs: Sign[] = [];
  const sign = (d: Decimal) => (d.isZero() ? null : d.isNegative() ? 'negative' : 'positive');
  let checked = 0;
  for (const m of message.matchAll(WRITTEN_OUT)) {
    const [a, b, c] = [num(m[1]!), num(m[2]!), num(m[3]!)];
    expect(c.toString(), `${finding.ruleId}: ${message}`).toBe(round(a).minus(round(b)).toString());
    const s = sign(a.minus(b));
    if (s) signs.push(s);
    checked++;
  }
  const named = NAMED.exec(message);
  if (named) {
    const id = LABELS.get(named[1]!);
    expect(id, `a row labelled ${named[1]}`).toBeDefined();
    const { prior, actual } = pkg.basicData.rows[id as keyof CompletePackage['basicData']['rows']]!;
    const [first, second] = named[2]!.startsWith('本年') ? [actual, prior] : [prior, actual];
    const expected = round(cellValue(first).minus(cellValue(second)));
    expect(num(named[3]!).toString(), `${finding.ruleId}: ${message}`).toBe(expected.toString());
    const s = sign(expected);
    if (s) signs.push(s);
    checked++;
  }
  const gap = GAP.exec(message);
  if (gap) {
    const before = message.slice(0, gap.index);
    const weights = WEIGHTS.exec(message);
    const figures = weights ? [weights[1]!, weights[2]!] : [...before.matchAll(WITH_UNIT)].map((m) => m[1]!).slice(-2);
    expect(figures.length, `two figures before the gap in ${message}`).toBe(2);
    const [a, b] = figures.map(num) as [Decimal, Decimal];
    expect(num(gap[1]!).toString(), `${finding.ruleId}: ${message}`).toBe(round(a).minus(round(b)).abs().toString());
    const s = sign(a.minus(b));
    if (s) signs.push(s);
    checked++;
  }
  return { checked, signs };
}

describe('differences in messages', () => {
  const baseline = new Set(check(example()).findings.map((f) => `${f.ruleId} ${f.message}`));

  it.each(CASES.map((c) => [c.ruleId, c.what, c.sign, c] as const))(
    '%s, %s: a %s difference is stated with its sign',
    (ruleId, _what, sign, c) => {
      const pkg = example();
      c.change(pkg);
      const findings = check(pkg).findings;
      const fresh = findings.filter((f) => !baseline.has(`${f.ruleId} ${f.message}`) && f.ruleId === ruleId);
      expect(fresh, `no new ${ruleId}`).not.toEqual([]);
      const read = fresh.map((f) => verify(f, pkg));
      expect(
        read.some((r) => r.checked > 0),
        `no difference read back from ${JSON.stringify(fresh.map((f) => f.message))}`,
      ).toBe(true);
      expect(read.flatMap((r) => r.signs)).toContain(sign);
      // Every other message of the same package holds to the same rule.
      for (const f of findings) verify(f, pkg);
    },
  );

  it('names 上年 − 本年 where the text states a decrease (本年 5.07, 上年 4.93, text “减少了0.14万元”)', () => {
    const pkg = example();
    row(pkg, 'reception').actual = '5.07';
    text(pkg, 1, 1, '减少了0.86万元', '减少了0.14万元');
    const messages = check(pkg).findings.map((f) => f.message);
    expect(
      messages.find((m) => m.includes('之差')),
      JSON.stringify(messages.filter((m) => m.includes('公务接待费'))),
    ).toContain('附件1 公务接待上年决算数与本年决算数之差 -0.14 万元');
  });
});

describe('amounts in messages', () => {
  it('are 2 dp, half-up, thousands grouped', () => {
    expect(formatMoney(new Decimal('1051.605'))).toBe('1,051.61');
    expect(formatMoney(new Decimal('-1234567.004'))).toBe('-1,234,567.00');
    expect(formatMoney(new Decimal('-0.004'))).toBe('0.00');
    expect(formatMoney(new Decimal('797.2'))).toBe('797.20');
  });

  it('a computed 1051.605 prints as 1,051.61', () => {
    const pkg = example();
    pkg.template = 'typed';
    const sanitationLine = item(pkg, '环卫经费');
    // the lines of 本级专项资金 add up to 797.20; 254.405 more makes 1051.605
    sanitationLine.actual = plus(sanitationLine.actual, '254.405');
    const hit = check(pkg).findings.find((f) => f.ruleId === 'a1.lines-sum' && f.location.column === '本年决算数');
    expect(hit?.message).toContain('1,051.61 万元');
    expect(hit?.message).toContain('（差 254.41）');
    expect(hit?.message).not.toContain('1051.605');
  });
});
