/**
 * The report's own arithmetic, with or without tables: parts that should add to the total the text
 * states, rates and changes recomputed from the amounts the text quotes. A finding is a 错误 only where
 * the text itself ties the figures together beyond doubt (a list closed by "其他…", a rate in the same
 * sentence as its two amounts, "比上年的Y万元减少Z万元"); where the tie is inferred from names or a
 * practice could explain the difference (a rate capped at 100%), it is a 警告. Figures a table rule
 * already compares (report-text.ts `tableClaims`) are left to it.
 */
import { Decimal, HUNDRED, ZERO, sameAt2dp, sum } from '../decimal.js';
import { Stop, holds, proseMemo, type Prose, type TextFigure } from '../text-figures.js';
import { diff, fig, inQuotes, minus, pct, printedMatches } from './figures.js';
import { overlaps, place, proseParagraphs, where, type Paragraph } from './report-prose.js';
import { tableClaims } from './report-text.js';
import { rule, type Rule, type RuleContext } from './types.js';

interface Read {
  paragraph: Paragraph;
  prose: Prose;
}

/** A figure as a message writes it: "1325.68万元", "205人", "87.46%". */
export function written(f: TextFigure): string {
  return `${f.number}${f.unit === '个' && f.noun ? `个${f.noun}` : f.unit}`;
}

/** A figure with the words before it in its clause, as the text has them: "收入总计1325.68万元". */
export function quoted(f: TextFigure): string {
  return `${f.before.replace(/^[\s:：]+/, '').trim()}${written(f)}`;
}

/** A value in a figure's unit, for messages: money 2 dp, counts as integers. */
function shown(value: Decimal, like: TextFigure): string {
  return like.kind === 'money' ? fig(value) : value.toString();
}

const unitWord = (f: TextFigure): string => f.unit;

/** Words that make a figure a change, not an amount of its own. */
const CHANGE_WORDS = /比|较|同比|环比|增加|减少|增长|下降|上升|降低|节约|增幅|降幅|增减/;
const BUDGET_WORDS = /预算|批复|计划|安排|下达|核定|应到位|年初数|调整后/;
const ACTUAL_WORDS = /决算|执行|实际|支出|完成|到位|拨付|使用|支付|兑现|发放|结算|落实/;

const isBudget = (f: TextFigure) => BUDGET_WORDS.test(f.label);
const isActual = (f: TextFigure) => !isBudget(f) && ACTUAL_WORDS.test(f.label);
const isChange = (f: TextFigure) => CHANGE_WORDS.test(f.before);
/** A figure that can stand for an amount in a sum, a rate or a change. */
const plain = (f: TextFigure) => !f.bracketed && !f.approximate && !f.perUnit;

const figuresOf = (prose: Prose, clause: number) => (prose.clauseFigures[clause] ?? []).filter(plain);
const clauseWords = (prose: Prose, clause: number) => {
  const c = prose.clauses[clause];
  return c ? prose.text.slice(c.start, c.end) : '';
};

function claimed(ctx: RuleContext, p: Paragraph, f: TextFigure): boolean {
  return overlaps(tableClaims(ctx).values, p, f.start, f.end);
}

// ——— sums ———

const OPENER = /^\s*(?:主要|具体|分别)?(?:其中|包括|包含)\s*[:：]?\s*/;

/** A part that closes a list: the rest, whatever it is ("其他收入", "其余资金"). */
const RESIDUAL = /^(?:其他|其它|其余|剩余|余下)(?:收入|资金|支出|经费|费用|项目|部分|人员|人|资产|来源)?$/;

/** Splits the text's totals are known to be made of (domain.md §4: 附件2's split by expense nature). */
const PARTITIONS: readonly (readonly RegExp[])[] = [
  [/^基本支出/, /^项目支出/],
  [/^人员(?:经费|支出)/, /^(?:日常)?公用(?:经费|支出)/],
  [/^人员(?:经费|支出)/, /^(?:日常)?公用(?:经费|支出)/, /^项目支出/],
];

function isPartition(labels: readonly string[]): boolean {
  return PARTITIONS.some(
    (groups) => groups.length === labels.length && groups.every((group) => labels.filter((label) => group.test(label)).length === 1),
  );
}

interface List {
  paragraph: Paragraph;
  prose: Prose;
  total: TextFigure;
  parts: TextFigure[];
}

/** What a clause says after its figure, notes in brackets left out. */
function restOf(prose: Prose, f: TextFigure): string {
  const clause = prose.clauses[f.clause];
  return clause
    ? prose.text
        .slice(f.end, clause.end)
        .replace(/[(（][^)）]*[)）]/g, '')
        .trim()
    : '';
}

/** "30万元用于基建工程项目审计": a part named after its amount. */
const NAMED_AFTER = /^用于\s*([\u4e00-\u9fff、]{2,20})$/;

/** The words that name a part: before its figure, or after it ("用于…"). */
function partName(prose: Prose, f: TextFigure): string {
  return f.label || (NAMED_AFTER.exec(restOf(prose, f))?.[1] ?? '');
}

/** A part of a list: one figure ending its clause (or followed by what it is for), named by a few words that are no change or rate. */
function isPart(prose: Prose, f: TextFigure, like: TextFigure | undefined): boolean {
  if (!prose.clauses[f.clause]) return false;
  const rest = restOf(prose, f);
  const named = partName(prose, f);
  if ((rest !== '' && f.label !== '') || named === '' || named.length > 20 || /\d/.test(named) || isChange(f) || f.kind === 'percent')
    return false;
  return like === undefined || (f.kind === like.kind && (f.kind === 'money' || f.unit === like.unit));
}

const startsWithOpener = (prose: Prose, clause: number) => OPENER.test(clauseWords(prose, clause));

/** A paragraph with a clause OPENER matches holds one of its words. */
const mayList = (prose: Prose) => holds(prose, '其中') || holds(prose, '包括') || holds(prose, '包含');

/** The parts listed after "其中" / "包括" opening clause `c0`, or null where the list's shape is unclear. */
function partsAfter(prose: Prose, c0: number): TextFigure[] | null {
  const clauses = prose.clauses;
  const words = clauseWords(prose, c0);
  const opener = OPENER.exec(words);
  if (!opener) return null;
  let c = c0;
  let first = figuresOf(prose, c0);
  if (first.length === 0) {
    // "其中，局机关在职113人、…": the opener stands alone and the list starts in the next clause.
    if (words.slice(opener[0].length).trim() !== '' || (clauses[c0]?.stop ?? Stop.Sentence) >= Stop.Sentence) return null;
    c = c0 + 1;
    first = figuresOf(prose, c);
  }
  if (first.length !== 1 || !isPart(prose, first[0]!, undefined)) return null;
  const parts = [first[0]!];
  let separator: number | null = null;
  c += 1;
  while (c < clauses.length) {
    const stop = clauses[c - 1]!.stop;
    if (stop >= Stop.Sentence) break;
    if (startsWithOpener(prose, c)) {
      // A list inside the list ("本级专项资金797.20万元，包括…；") belongs to the part before it.
      const inner = clauses[c]!.stop;
      if (inner >= Stop.Sentence || inner >= (separator ?? Stop.Comma)) return separator === null ? null : parts;
      let k = c;
      while (k < clauses.length - 1 && clauses[k]!.stop <= inner) k += 1;
      c = k + 1;
      continue;
    }
    if (separator === null) separator = stop;
    else if (stop > separator) break;
    else if (stop < separator) {
      // "…用于设计、规划、测绘；": an enumeration without figures describes the part before it.
      let k = c;
      while (k < clauses.length && figuresOf(prose, k).length === 0 && clauses[k]!.stop < separator) k += 1;
      if (k < clauses.length && figuresOf(prose, k).length === 0) {
        c = k + 1;
        continue;
      }
      return null;
    }
    const found = figuresOf(prose, c);
    if (found.length !== 1 || !isPart(prose, found[0]!, parts[0])) break;
    parts.push(found[0]!);
    c += 1;
  }
  return parts;
}

/** The total a list opened at clause `c0` breaks down: the last amount before it, past change clauses. */
function totalBefore(prose: Prose, c0: number, like: TextFigure): TextFigure | null {
  let skipped = 0;
  for (let c = c0 - 1; c >= 0 && skipped <= 3; c--) {
    const found = figuresOf(prose, c);
    const amounts = found.filter((f) => f.kind !== 'percent' && !isChange(f));
    if (amounts.length > 0) {
      const total = amounts.at(-1)!;
      const sameKind = total.kind === like.kind && (total.kind === 'money' || total.unit === like.unit);
      return sameKind ? total : null;
    }
    // Clauses without figures ("主要为本级项目支出") and changes ("同比增加189.25万元") stand between.
    skipped += 1;
  }
  return null;
}

/** The lists a paragraph states under a total ("…万元，其中…"): the text alone decides them, so they are kept with its prose. */
function listsIn(prose: Prose): { total: TextFigure; parts: TextFigure[] }[] {
  return proseMemo(prose, 'report-arithmetic:lists', () => {
    const out: { total: TextFigure; parts: TextFigure[] }[] = [];
    if (!mayList(prose)) return out;
    prose.clauses.forEach((_clause, c0) => {
      if (!startsWithOpener(prose, c0)) return;
      const parts = partsAfter(prose, c0);
      if (!parts || parts.length < 2) return;
      const total = totalBefore(prose, c0, parts[0]!);
      // A prior year's total right before the list may not be the one it breaks down ("本年…，上年收入500万元，其中…").
      if (!total || total.period === 'prior') return;
      // Amounts in different units are no sum to check here: one of them is likely mistyped.
      if (new Set([total, ...parts].map((f) => f.unit)).size > 1) return;
      out.push({ total, parts });
    });
    return out;
  });
}

function lists(ctx: RuleContext): List[] {
  return ctx.memo('report-arithmetic:lists', () => {
    const out: List[] = [];
    for (const { paragraph, prose } of proseParagraphs(ctx))
      for (const { total, parts } of listsIn(prose))
        if (!overlaps(tableClaims(ctx).sums, paragraph, total.start, total.end)) out.push({ paragraph, prose, total, parts });
    return out;
  });
}

function describeList(list: List, added: Decimal): string {
  const { total, parts } = list;
  const terms = parts.map((f) => `${partName(list.prose, f)} ${shown(f.value, f)}`).join(' + ');
  const gap = total.kind === 'money' ? diff(added, total.value) : `（差 ${added.minus(total.value).abs().toString()}）`;
  return `${place(list.paragraph)}：“${quoted(total)}”之下所列 ${parts.length} 项 ${terms} = ${shown(added, total)}${unitWord(total)}，与所写合计 ${shown(total.value, total)}${unitWord(total)} 不符${gap}`;
}

const listedSum = rule('rt.sum', '错误', '正文所列分项（列到“其他”“其余”为止）之和应等于所写的合计数', (ctx, report) => {
  for (const list of lists(ctx)) {
    const added = sum(list.parts.map((f) => f.value));
    if (list.parts.some((f) => RESIDUAL.test(f.label)) && !sameAt2dp(added, list.total.value)) {
      report(describeList(list, added), where(list.paragraph));
    }
  }
});

const partsOverTotal = rule(
  'rt.parts',
  '警告',
  '正文所列分项之和不应超过所写的合计数；基本支出与项目支出等构成之和应等于合计',
  (ctx, report) => {
    for (const list of lists(ctx)) {
      if (list.parts.some((f) => RESIDUAL.test(f.label))) continue; // rt.sum's
      const added = sum(list.parts.map((f) => f.value));
      if (sameAt2dp(added, list.total.value)) continue;
      // "其中" may list only the main items: fewer than the total is no finding, more is.
      if (isPartition(list.parts.map((f) => f.label)) || added.greaterThan(list.total.value))
        report(describeList(list, added), where(list.paragraph));
    }
  },
);

// ——— rates ———

const EXECUTION_RATE = /([\u4e00-\u9fff]*?)(执行|完成|支出|使用|到位|拨付|支付|兑现|控制)率\s*(?:为|是|达到|达|仅为|约为|只有|[:：])?\s*$/;
/** Rates that are of money whatever they are named after; the others only when named after money. */
const MONEY_RATE = /执行|支出|拨付|支付/;
const MONEY_SUBJECT = /预算|资金|经费|支出|收入|三公|公用|拨款/;
/** "工程完成率", "任务执行率", "人员到位率": progress, not money. */
const NOT_MONEY = /工程|任务|进度|计划|人员|人数|指标|目标|工作/;

function ofMoney(subject: string, word: string): boolean {
  if (NOT_MONEY.test(subject)) return false;
  return MONEY_RATE.test(word) || MONEY_SUBJECT.test(subject);
}
const SHARE_OF = /([\u4e00-\u9fff]*?)(?:为|占|是|达到|达)([\u4e00-\u9fff]{1,12}?)的\s*$/;
const GENERIC_ACTUAL = /^(?:实际支出|实际执行|实际|支出|执行数|决算数|实际使用|实际完成)?$/;

/** A rate a paragraph states with the two amounts it is of. */
interface StatedRate {
  rate: TextFigure;
  numerator: TextFigure;
  denominator: TextFigure;
  /** both amounts stand in the rate's sentence and no other pair could be meant */
  tight: boolean;
}

interface RateCheck extends StatedRate {
  read: Read;
}

const money = (f: TextFigure) => f.kind === 'money' && plain(f) && !isChange(f);

/**
 * Money figures before a rate in its statement: its sentence, after the last "；" (which starts another
 * statement: "项目A预算50万元，支出40万元；全单位预算执行率95%") and after any earlier rate.
 */
function sentenceAmounts(prose: Prose, rate: TextFigure): TextFigure[] {
  let from = rate.clause;
  while (from > 0 && prose.clauses[from - 1]!.stop < Stop.Semicolon) from -= 1;
  const before = prose.figures.filter((f) => f.clause >= from && f.end <= rate.start);
  const lastRate = before.filter((f) => f.kind === 'percent').at(-1);
  return before.filter((f) => money(f) && (!lastRate || f.start > lastRate.end));
}

const distinct = (figures: readonly TextFigure[]) => [...new Map(figures.map((f) => [f.amount.toString(), f])).values()];

/** The budget-like amount a rate named "<subject>完成率" is of, found by its name earlier in the paragraph. */
function byName(prose: Prose, rate: TextFigure, subject: string): { numerator: TextFigure; denominator: TextFigure } | null {
  if (subject.length < 3) return null;
  const earlier = prose.figures.filter((f) => f.end <= rate.start && money(f));
  const named = distinct(
    earlier.filter((f) => isBudget(f) && f.label.length >= 2 && (f.label.endsWith(subject) || subject.endsWith(f.label))),
  );
  if (named.length !== 1) return null;
  const denominator = named[0]!;
  const partners = distinct(earlier.filter((f) => f.sentence === denominator.sentence && f.start > denominator.end && isActual(f)));
  return partners.length === 1 ? { numerator: partners[0]!, denominator } : null;
}

function executionRate(prose: Prose, rate: TextFigure, subject: string): StatedRate | null {
  const amounts = sentenceAmounts(prose, rate);
  const budgets = distinct(amounts.filter(isBudget));
  const actuals = distinct(amounts.filter(isActual));
  if (budgets.length === 1 && actuals.length === 1) return { rate, numerator: actuals[0]!, denominator: budgets[0]!, tight: true };
  if (budgets.length > 1 || actuals.length > 1) return null;
  const named = byName(prose, rate, subject);
  return named ? { rate, ...named, tight: false } : null;
}

function shareOf(prose: Prose, rate: TextFigure, subject: string, base: string): StatedRate | null {
  const amounts = sentenceAmounts(prose, rate);
  const baseBudget = BUDGET_WORDS.test(base);
  const bases = distinct(amounts.filter((f) => f.label.includes(base) || (baseBudget && isBudget(f) && f.label.endsWith(base))));
  if (bases.length !== 1) return null;
  const denominator = bases[0]!;
  const others = amounts.filter((f) => f !== denominator && f.amount.toString() !== denominator.amount.toString());
  let candidates: TextFigure[];
  if (!GENERIC_ACTUAL.test(subject)) candidates = others.filter((f) => f.label.endsWith(subject) || subject.endsWith(f.label));
  else if (subject !== '') candidates = others.filter((f) => !isBudget(f));
  else candidates = others.slice(-1);
  const numerators = distinct(candidates);
  if (numerators.length !== 1) return null;
  return { rate, numerator: numerators[0]!, denominator, tight: true };
}

/** The rates a paragraph states with the amounts they are of: the text alone decides them, so they are kept with its prose. */
function ratesIn(prose: Prose): StatedRate[] {
  return proseMemo(prose, 'report-arithmetic:rates', () => {
    const out: StatedRate[] = [];
    for (const rate of prose.figures) {
      if (rate.kind !== 'percent' || rate.approximate) continue;
      const execution = EXECUTION_RATE.exec(rate.before);
      const share = execution ? null : SHARE_OF.exec(rate.before);
      const found = execution
        ? ofMoney(execution[1] ?? '', execution[2] ?? '')
          ? executionRate(prose, rate, execution[1] ?? '')
          : null
        : share && !CHANGE_WORDS.test(rate.before)
          ? shareOf(prose, rate, (share[1] ?? '').replace(/^(?:本年度?|今年|全年|当年|\d{4}年度?)/, ''), share[2] ?? '')
          : null;
      if (found && !found.denominator.amount.isZero()) out.push(found);
    }
    return out;
  });
}

/** The stated rates no table rule already compares. */
function rateChecks(ctx: RuleContext): RateCheck[] {
  return ctx.memo('report-arithmetic:rates', () => {
    const out: RateCheck[] = [];
    for (const read of proseParagraphs(ctx))
      for (const { rate, numerator, denominator, tight } of ratesIn(read.prose))
        if (!claimed(ctx, read.paragraph, rate)) out.push({ read, rate, numerator, denominator, tight });
    return out;
  });
}

/** "100%" written where the amounts give more: a platform that caps rates at 100% could explain it. */
function capped(check: RateCheck, value: Decimal): boolean {
  return check.rate.value.equals(HUNDRED) && value.greaterThan(1);
}

function rateMessage(check: RateCheck, value: Decimal, inferred: boolean): string {
  const { read, rate, numerator, denominator } = check;
  const how = inferred ? '（对应金额按名称推断）' : '';
  const cap = capped(check, value) ? '；如按100%封顶计算，请在报告中说明' : '';
  return `${place(read.paragraph)}：写${inQuotes(quoted(rate))}，按正文所引${inQuotes(quoted(numerator))} / ${inQuotes(quoted(denominator))}计算为 ${fig(numerator.amount)} / ${fig(denominator.amount)} = ${pct(value)}${how}${cap}`;
}

const statedRates = rule('rt.rate', '错误', '正文所写的执行率、完成率、占比应等于同一句所引两项金额之比', (ctx, report) => {
  for (const check of rateChecks(ctx)) {
    const value = check.numerator.amount.div(check.denominator.amount);
    if (check.tight && !capped(check, value) && !printedMatches(`${check.rate.number}%`, value, true))
      report(rateMessage(check, value, false), where(check.read.paragraph));
  }
});

// ——— changes ———

/** 比 / 较 comparing with something ("比上年", "较年初预算"); not 占比, 比例, 比重, 相比, 较好, 较大 … */
const CHANGE =
  /(?:同比|环比|(?<![占对相])比(?![例重率较])|较(?![好大高低快慢为多少]))\s*(?:上年度?|去年|上一年度?|\d{4}\s*年度?)?\s*(?:同期)?\s*(?:的)?/;
const DIRECTION = /(增加|增长|上升|多|减少|下降|降低|节约|少)了?\s*$/;
const FOLLOW_UP = /^\s*(?:增加|增长|上升|下降|减少|降低|增幅|降幅|增长率|下降率)(?:了|为|达)?\s*$/;
const SUBJECT_NOISE = /^(?:本单位|我单位|单位|本部门|本年度?|今年|当年|全年|\d{4}\s*年度?)+/;

/** A change a paragraph states ("比上年增加…"), with the figures it is recomputed from. */
interface StatedChange {
  /** the clause that says 比/较 */
  clause: number;
  direction: 1 | -1;
  subject: string;
  current: TextFigure[];
  prior: TextFigure | null;
  amount: TextFigure | null;
  percent: TextFigure | null;
  /** the current amount is the one amount its sentence (or the sentence before) can mean */
  tight: boolean;
}

interface Change extends StatedChange {
  read: Read;
}

function directionOf(word: string): 1 | -1 {
  return /减少|下降|降低|节约|少/.test(word) ? -1 : 1;
}

/** A label without whose and which year it is: "上年决算支出" and "本年决算支出" both name "决算支出". */
const bareName = (label: string) => label.replace(SUBJECT_NOISE, '').replace(/^(?:上年度?|去年|上一年度?)/, '');

const sameName = (f: TextFigure, subject: string) => {
  const name = bareName(f.label);
  return name.length >= 2 && subject.length >= 2 && (name.endsWith(subject) || subject.endsWith(name));
};

/** Candidates for the amount a change speaks of when its clause names none. */
function currentAmounts(prose: Prose, clause: number, subject: string): { figures: TextFigure[]; near: boolean } {
  const c = prose.clauses[clause]!;
  const firstOfSentence = clause === 0 || prose.clauses[clause - 1]!.sentence !== c.sentence;
  const before = prose.figures.filter((f) => f.end <= c.start && money(f) && f.period !== 'prior' && f.period !== 'other');
  if (subject !== '') {
    const named = before.filter((f) => sameName(f, subject));
    return { figures: named, near: named.every((f) => f.sentence === c.sentence) };
  }
  // Every amount of the sentence may be meant ("调整后预算1200万元，较年初预算增加200万元"): the change is
  // checked against each, and is certain only when the sentence holds one.
  const sentence = firstOfSentence ? c.sentence - 1 : c.sentence;
  return { figures: before.filter((f) => f.sentence === sentence), near: true };
}

/** The changes a paragraph states: the text alone decides them, so they are kept with its prose. */
function changesIn(prose: Prose): StatedChange[] {
  return proseMemo(prose, 'report-arithmetic:changes', () => {
    const out: StatedChange[] = [];
    // Every change is said with 比 or 较 (CHANGE); a clause continuing one needs one said before it.
    if (!holds(prose, '比') && !holds(prose, '较')) return out;
    let last: StatedChange | undefined;
    for (let index = 0; index < prose.clauses.length; index++) {
      const c = prose.clauses[index]!;
      const words = clauseWords(prose, index);
      const compared = CHANGE.exec(words);
      const inClause = figuresOf(prose, index);
      if (!compared) {
        // "，增长31.39%" continues the change before it in the sentence.
        const follow =
          inClause.length === 1 && inClause[0]!.kind === 'percent' && FOLLOW_UP.test(inClause[0]!.before) ? inClause[0]! : null;
        if (follow && last && last.percent === null && prose.clauses[last.clause]!.sentence === c.sentence) last.percent = follow;
        continue;
      }
      const at = c.start + compared.index;
      const after = inClause.filter((f) => f.start > at);
      const changed = after.find((f) => DIRECTION.test(prose.text.slice(at, f.start)));
      // "增加5个百分点", "减少2人": no amount or rate of money.
      if (!changed || changed.kind === 'count') continue;
      const word = DIRECTION.exec(prose.text.slice(at, changed.start))?.[1] ?? '';
      const prior = after.find((f) => f.end <= changed.start && f.kind === 'money') ?? null;
      // "同比增加189.25万元，同比增长31.39%": the rate of the change just stated.
      if (changed.kind === 'percent' && prior === null && last?.amount && last.percent === null && last.prior === null) {
        if (prose.clauses[last.clause]!.sentence === c.sentence && last.direction === directionOf(word)) {
          last.percent = changed;
          continue;
        }
      }
      const own = inClause.filter((f) => f.end <= at && money(f));
      const subject = cleanSubject(prose.text.slice(c.start, at));
      const found = own.length > 0 ? { figures: own.slice(-1), near: true } : currentAmounts(prose, index, subject);
      const change: StatedChange = {
        clause: index,
        direction: directionOf(word),
        subject,
        current: distinct(found.figures),
        prior,
        amount: changed.kind === 'money' ? changed : null,
        percent: changed.kind === 'percent' ? changed : null,
        tight: false,
      };
      change.percent ??= after.find((f) => f.start > changed.end && f.kind === 'percent') ?? null;
      change.tight = found.near && change.current.length <= 1;
      last = change;
      out.push(change);
    }
    return out;
  });
}

function changes(ctx: RuleContext): Change[] {
  return ctx.memo('report-arithmetic:changes', () => {
    const out: Change[] = [];
    // Field by field: a spread ({ read, ...change }) copies several times slower, for every change of every check.
    for (const read of proseParagraphs(ctx))
      for (const { clause, direction, subject, current, prior, amount, percent, tight } of changesIn(read.prose))
        out.push({ read, clause, direction, subject, current, prior, amount, percent, tight });
    return out;
  });
}

function cleanSubject(words: string): string {
  return words
    .replace(/^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|\d+[、.．]|[一二三四五六七八九十]+[、.．])\s*/, '')
    .replace(SUBJECT_NOISE, '')
    .replace(/[:：\s]/g, '')
    .trim();
}

/** What the change's figures should have been, for one reading of the current amount; null when they agree. */
function changeProblem(change: Change, current: TextFigure | null, prior: TextFigure | null): string | null {
  const { amount, percent, direction } = change;
  if (current && prior) {
    const moved = current.amount.minus(prior.amount);
    const signs = moved.isZero() || (moved.isNegative() ? -1 : 1) === direction;
    if (amount && !(signs && sameAt2dp(moved.abs(), amount.amount)))
      return `${minus(current.amount, prior.amount)} 万元，与所写${direction > 0 ? '增加' : '减少'} ${fig(amount.amount)} 万元不符`;
    if (percent && !prior.amount.isZero()) {
      const rate = moved.abs().div(prior.amount);
      if (!(signs && printedMatches(`${percent.number}%`, rate, true)))
        return `(${fig(current.amount)} − ${fig(prior.amount)}) / ${fig(prior.amount)} = ${pct(moved.div(prior.amount))}，与所写${direction > 0 ? '增长' : '下降'} ${percent.number}% 不符`;
    }
    return null;
  }
  if (amount && percent) {
    const base = prior ? prior.amount : current ? current.amount.minus(amount.amount.times(direction)) : null;
    if (base === null || base.lessThanOrEqualTo(ZERO)) return null;
    const rate = amount.amount.div(base);
    if (!printedMatches(`${percent.number}%`, rate, true)) {
      const how = prior ? fig(prior.amount) : `(${fig(current!.amount)} ${direction > 0 ? '−' : '+'} ${fig(amount.amount)})`;
      return `${fig(amount.amount)} / ${how} = ${pct(rate)}，与所写 ${percent.number}% 不符`;
    }
  }
  return null;
}

/** The problem with a change under every reading of its current amount, or null when one reading agrees. */
function changeVerdict(change: Change, prior: TextFigure | null): string | null {
  const readings = change.current.length > 0 ? change.current : [null];
  let first: string | null = null;
  for (const current of readings) {
    const problem = changeProblem(change, current, prior);
    if (problem === null) return null;
    first ??= problem;
  }
  return first;
}

function changeQuote(change: Change): string {
  const { prose } = change.read;
  const c = prose.clauses[change.clause]!;
  const end = Math.max(change.amount?.end ?? 0, change.percent?.end ?? 0, c.end);
  return prose.written.slice(c.start, Math.min(end, prose.written.length)).trim();
}

const unclaimedChange = (ctx: RuleContext, change: Change) =>
  ![change.amount, change.percent, change.prior].some((f) => f && claimed(ctx, change.read.paragraph, f));

/** Enough figures to recompute something: two of 本年 / 上年 / 增减额 / 增减幅度. */
function decidable(change: Change, prior: TextFigure | null): boolean {
  const current = change.current.length > 0;
  const moved = change.amount !== null || change.percent !== null;
  return (current && prior !== null && moved) || (change.amount !== null && change.percent !== null && (current || prior !== null));
}

/** rt.change's: the sentence itself holds what the change is recomputed from. */
const tightlyStated = (change: Change) => change.tight && decidable(change, change.prior);

const statedChanges = rule('rt.change', '错误', '正文所写的增减额、增减幅度应与同一句所引的本年、上年金额一致', (ctx, report) => {
  for (const change of changes(ctx)) {
    if (!tightlyStated(change) || !unclaimedChange(ctx, change)) continue;
    const problem = changeVerdict(change, change.prior);
    if (problem)
      report(`${place(change.read.paragraph)}：写${inQuotes(changeQuote(change))}，按所引金额 ${problem}`, where(change.read.paragraph));
  }
});

/** The prior year's amount of a change stated without it, found by name ("上年决算支出935.11万元"). */
function priorByName(change: Change): TextFigure | null {
  // Without a subject of its own the change speaks of the amount before it: "本年公用经费支出701.07万元，比上年增长…".
  const subject = change.subject || (change.current.length === 1 ? bareName(change.current[0]!.label) : '');
  if (subject.length < 2) return null;
  const c = change.read.prose.clauses[change.clause]!;
  const named = distinct(
    change.read.prose.figures.filter((f) => f.end <= c.start && money(f) && f.period === 'prior' && sameName(f, subject)),
  );
  return named.length === 1 ? named[0]! : null;
}

const inferred = rule(
  'rt.inferred',
  '警告',
  '按名称在正文别处找到的金额重算比率、增减额与所写不符，或比率写作100%而所引金额之比超过100%',
  (ctx, report) => {
    for (const check of rateChecks(ctx)) {
      const value = check.numerator.amount.div(check.denominator.amount);
      if ((!check.tight || capped(check, value)) && !printedMatches(`${check.rate.number}%`, value, true))
        report(rateMessage(check, value, !check.tight), where(check.read.paragraph));
    }
    for (const change of changes(ctx)) {
      if (tightlyStated(change) || !unclaimedChange(ctx, change)) continue;
      const prior = change.prior ?? priorByName(change);
      if (!decidable(change, prior)) continue;
      const problem = changeVerdict(change, prior);
      if (problem)
        report(
          `${place(change.read.paragraph)}：写${inQuotes(changeQuote(change))}，按正文所引金额 ${problem}（对应金额按名称推断）`,
          where(change.read.paragraph),
        );
    }
  },
);

export const REPORT_ARITHMETIC_RULES: readonly Rule[] = [listedSum, partsOverTotal, statedRates, statedChanges, inferred];
