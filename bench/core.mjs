// Core engine: check() (compute and every rule) on one core, on three kinds of package:
//   the real seed (examples/lvxianting-2023.json), checked again and again, as the editor does after edits;
//   seed-shaped packages with report text, every one different (bench/seed-variants.mjs), as an audit of a
//     region's units is: nothing read from one package's text can be reused for the next; and the same
//     packages without their prose, to show what the report text costs;
//   the synthetic packages of syntheticPackage(), 20 project lines with and without their 附件3 tables.
// Every figure is printed with the machine's load, and each shape's rate beside the seed's.
import { readFileSync } from 'node:fs';
import { check, parsePackage, syntheticPackage } from '@jixiao/core';
import { loadNote } from './load.mjs';
import { seedVariants } from './seed-variants.mjs';

const UNITS = Number(process.env.JIXIAO_BENCH_UNITS ?? 3_000);
const VARIANTS = Number(process.env.JIXIAO_BENCH_VARIANTS ?? 1_500);
const PROJECTS = 20;
const ROUNDS = 3;
const TARGET = 5_000;

const seed = JSON.parse(readFileSync(new URL('../examples/lvxianting-2023.json', import.meta.url), 'utf8'));

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function parsed(raw) {
  const result = parsePackage(raw);
  if (!result.ok) throw new Error(`bench package does not validate: ${JSON.stringify(result.issues.slice(0, 3))}`);
  return result.package;
}

/**
 * Check every package of each round once; the best round by wall time is the steady state (JIT warm, no
 * stray load). `rounds[r]` may be the same packages every round or new ones.
 */
function measure(rounds) {
  let best = null;
  for (const packages of rounds) {
    const latencies = new Float64Array(packages.length);
    let errors = 0;
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (let i = 0; i < packages.length; i++) {
      const s = performance.now();
      errors += check(packages[i]).counts.错误;
      latencies[i] = performance.now() - s;
    }
    const wall = performance.now() - start;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    if (best === null || wall < best.wall) best = { wall, cpuMs, latencies, errors, count: packages.length };
  }
  const sorted = Array.from(best.latencies).sort((a, b) => a - b);
  return {
    perSecond: best.count / (best.wall / 1000),
    perCpuSecond: best.count / (best.cpuMs / 1000),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    errors: best.errors,
    count: best.count,
    load: loadNote(),
  };
}

function print(label, shape, m) {
  console.log(`\n-- ${label}（${shape}）`);
  console.log(`   check()  ${m.perSecond.toFixed(0)} 包/秒（按 CPU 时间 ${m.perCpuSecond.toFixed(0)} 包/秒；目标 ≥ ${TARGET}）  ${m.load}`);
  console.log(`   单包延迟 p50 ${m.p50.toFixed(3)} ms，p99 ${m.p99.toFixed(3)} ms；每轮 ${m.count} 包，错误共 ${m.errors} 个`);
}

/** The package without prose: no report, blank goals. */
function withoutProse(pkg) {
  const blank = { expected: '', actual: '' };
  return {
    ...pkg,
    report: null,
    overall: pkg.overall && { ...pkg.overall, goals: blank },
    projects: pkg.projects && pkg.projects.map((project) => ({ ...project, goals: blank })),
  };
}

const indicatorsOf = (pkg) => (pkg.overall?.indicators.length ?? 0) + (pkg.projects ?? []).reduce((n, p) => n + p.indicators.length, 0);
const paragraphsOf = (pkg) => (pkg.report?.sections ?? []).reduce((n, s) => n + s.paragraphs.length, 0);
const shapeOf = (pkg) => `每包 ${indicatorsOf(pkg)} 个三级指标，${(pkg.projects ?? []).length} 张附件3，报告 ${paragraphsOf(pkg)} 段`;

export async function run() {
  console.log(`\n== 核心引擎 check()：单核，取 ${ROUNDS} 轮中最快一轮  ${loadNote()} ==`);
  const results = [];

  const real = parsed(seed);
  // As many checks a round as the seed-shaped run, so both rounds last about as long.
  const seedRounds = Array.from({ length: ROUNDS }, () => Array.from({ length: VARIANTS }, () => real));
  const seedResult = measure(seedRounds);
  print('真实示例（吕仙亭 2023），同一包反复校验', shapeOf(real), seedResult);
  console.log('   （段落读取结果在两次校验之间保留，同一包反复校验不再重读正文；不同单位的包见下一项）');
  results.push(['真实示例，反复校验', seedResult]);

  // New packages every round: a round never meets a paragraph an earlier round has read. Each arrives as
  // JSON text, as a package read from the store or an upload does: strings the generator pieced together
  // would otherwise be flattened by whichever rule reads them first, a cost no stored package has.
  const t = performance.now();
  const variantRounds = Array.from({ length: ROUNDS }, (_, r) =>
    seedVariants(seed, VARIANTS, r * VARIANTS).map((variant) => parsed(JSON.parse(JSON.stringify(variant)))),
  );
  const prepared = performance.now() - t;
  const variants = measure(variantRounds);
  print('示例形态的不同包（金额、单位名称与报告正文各不相同）', shapeOf(variantRounds[0][0]), variants);
  console.log(`   （生成并校验格式 ${ROUNDS * VARIANTS} 包用时 ${(prepared / 1000).toFixed(1)} 秒，不计入上面的数字）`);
  results.push(['示例形态，各包不同', variants]);

  // The same packages without their prose (the report absent, the tables' goals blank): what the tables
  // alone cost, so that the report text's share of a check is in sight.
  const tablesOnly = measure(variantRounds.map((round) => round.map(withoutProse)));
  print('同上，不含报告与目标文字', '同上，报告记为缺少，年度目标留空', tablesOnly);
  results.push(['示例形态，仅表格', tablesOnly]);

  for (const [label, withProjectTables] of [
    ['合成包，仅附件1–2', false],
    ['合成包，每个项目另有附件3', true],
  ]) {
    const raw = Array.from({ length: UNITS }, (_, i) => {
      const pkg = syntheticPackage(i + 1, { projects: PROJECTS });
      if (!withProjectTables) pkg.projects = [];
      return JSON.parse(JSON.stringify(pkg));
    });
    const start = performance.now();
    const packages = raw.map(parsed);
    const parseMs = performance.now() - start;
    const result = measure(Array.from({ length: ROUNDS }, () => packages));
    print(label, shapeOf(packages[0]), result);
    console.log(`   格式校验 ${(UNITS / (parseMs / 1000)).toFixed(0)} 包/秒（parsePackage，含全部字段的中文校验）`);
    results.push([label, result]);
  }

  console.log(`\n-- 对照（以真实示例为 1）`);
  for (const [label, m] of results) {
    console.log(
      `   ${label.padEnd(14, '　')} ${m.perSecond.toFixed(0).padStart(6)} 包/秒  CPU ${m.perCpuSecond.toFixed(0).padStart(6)} 包/秒  ` +
        `p50 ${m.p50.toFixed(3)} ms  p99 ${m.p99.toFixed(3)} ms  ${(m.perSecond / seedResult.perSecond).toFixed(2)}×  ${m.load}`,
    );
  }
}
