// Core engine: validate, compute and run every rule on reproducible synthetic packages, on one core.
// Two shapes of 10,000 units × 20 projects: the 20 project lines of 附件1 each with its own 附件3 table
// (155 三级指标 a package), and the same lines with 附件2 only, as most published packages are (the seed).
import { check, parsePackage, syntheticPackage } from '@jixiao/core';

const UNITS = Number(process.env.JIXIAO_BENCH_UNITS ?? 10_000);
const PROJECTS = 20;
const ROUNDS = 3;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function measure(label, withProjectTables) {
  const raw = Array.from({ length: UNITS }, (_, i) => {
    const pkg = syntheticPackage(i + 1, { projects: PROJECTS });
    if (!withProjectTables) pkg.projects = [];
    return JSON.parse(JSON.stringify(pkg));
  });
  let t = performance.now();
  const parsed = raw.map((r) => parsePackage(r).package);
  const parseMs = performance.now() - t;

  // Several rounds over the same packages; the best round is the steady state (JIT warm, no stray load).
  let best = Infinity;
  let bestCpu = Infinity;
  let latencies = new Float64Array(UNITS);
  let errors = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const lat = new Float64Array(UNITS);
    errors = 0;
    const cpu = process.cpuUsage();
    t = performance.now();
    for (let i = 0; i < UNITS; i++) {
      const s = performance.now();
      errors += check(parsed[i]).counts.错误;
      lat[i] = performance.now() - s;
    }
    const wall = performance.now() - t;
    const used = process.cpuUsage(cpu);
    if (wall < best) {
      best = wall;
      latencies = lat;
    }
    bestCpu = Math.min(bestCpu, (used.user + used.system) / 1000);
  }
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const indicators = parsed[0].overall.indicators.length + parsed[0].projects.reduce((n, p) => n + p.indicators.length, 0);
  console.log(`\n-- ${label}（每包 ${indicators} 个三级指标，${parsed[0].projects.length} 张附件3）`);
  console.log(
    `   计算 + 全部规则  ${(UNITS / (best / 1000)).toFixed(0)} 包/秒（按 CPU 时间 ${(UNITS / (bestCpu / 1000)).toFixed(0)} 包/秒；目标 ≥ 5000）`,
  );
  console.log(`   单包延迟        p50 ${percentile(sorted, 50).toFixed(3)} ms，p99 ${percentile(sorted, 99).toFixed(3)} ms`);
  console.log(`   格式校验        ${(UNITS / (parseMs / 1000)).toFixed(0)} 包/秒（parsePackage，含全部字段的中文校验）`);
  console.log(`   错误数          ${errors}（合成数据应为 0）`);
}

export async function run() {
  console.log(`\n== 核心引擎：${UNITS} 个单位 × ${PROJECTS} 个项目，单核，取 ${ROUNDS} 轮中最快一轮 ==`);
  measure('仅附件1–2（与示例相同的形态）', false);
  measure('每个项目另有附件3', true);
}
