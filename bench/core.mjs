// Core engine: validate, compute and run every rule on reproducible synthetic packages
// (10,000 units × 20 projects, each project with its own 附件3 table), on one core.
import { check, parsePackage, syntheticPackage } from '@jixiao/core';

const UNITS = Number(process.env.JIXIAO_BENCH_UNITS ?? 10_000);
const PROJECTS = 20;

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function run() {
  const started = performance.now();
  const raw = Array.from({ length: UNITS }, (_, i) => JSON.parse(JSON.stringify(syntheticPackage(i + 1, { projects: PROJECTS }))));
  const generated = performance.now() - started;

  // Warm-up, so that the figures measure steady state rather than the JIT compiling.
  for (let i = 0; i < 200; i++) check(parsePackage(raw[i]).package);

  const parsed = [];
  let t = performance.now();
  for (const r of raw) parsed.push(parsePackage(r).package);
  const parseMs = performance.now() - t;

  const latencies = new Float64Array(UNITS);
  let errors = 0;
  let findings = 0;
  const cpu = process.cpuUsage();
  t = performance.now();
  for (let i = 0; i < UNITS; i++) {
    const s = performance.now();
    const result = check(parsed[i]);
    latencies[i] = performance.now() - s;
    errors += result.counts.错误;
    findings += result.findings.length;
  }
  const checkMs = performance.now() - t;
  const used = process.cpuUsage(cpu);
  const checkCpuMs = (used.user + used.system) / 1000;
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const indicators = parsed[0].overall.indicators.length + parsed[0].projects.reduce((n, p) => n + p.indicators.length, 0);

  console.log(`\n== 核心引擎（${UNITS} 个单位 × ${PROJECTS} 个项目；每包 ${indicators} 个三级指标；单核）==`);
  console.log(`生成合成数据          ${(generated / 1000).toFixed(2)} s`);
  console.log(`校验格式 parsePackage  ${(UNITS / (parseMs / 1000)).toFixed(0)} 包/秒`);
  console.log(`计算 + 全部规则 check  ${(UNITS / (checkMs / 1000)).toFixed(0)} 包/秒（按 CPU 时间 ${(UNITS / (checkCpuMs / 1000)).toFixed(0)} 包/秒；目标 ≥ 5000）`);
  console.log(`单包延迟              p50 ${percentile(sorted, 50).toFixed(3)} ms，p99 ${percentile(sorted, 99).toFixed(3)} ms，最大 ${sorted[sorted.length - 1].toFixed(3)} ms`);
  console.log(`格式校验 + 计算 + 规则 ${(UNITS / ((parseMs + checkMs) / 1000)).toFixed(0)} 包/秒`);
  console.log(`发现：共 ${findings} 条，其中错误 ${errors} 条（合成数据应为 0）`);
}
