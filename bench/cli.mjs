// `jixiao` start-up as a user meets it: the built command spawned afresh each time, wall time from
// spawn to exit. Target: `jixiao check` of a package JSON ≤ 300 ms on 2 cores; `node -e 0` is the
// floor no command can go below.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNote } from './load.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'packages/cli/bin/jixiao.js');
const EXAMPLES = join(ROOT, 'examples');
const SEED = join(EXAMPLES, 'lvxianting-2023.json');
const RUNS = 10;

/** Wall milliseconds of one run; a run that fails (exit 2 or worse: unreadable input, a crash) stops the bench. */
function spawnOnce(args) {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status === null || result.status > 1) throw new Error(`${args.join(' ')}: exit ${result.status}\n${result.stderr}`);
  return ms;
}

/** Median and p90 (nearest rank) of RUNS runs, after one unrecorded run that brings the files into the disk cache. */
function measure(label, args) {
  spawnOnce(args);
  const times = Array.from({ length: RUNS }, () => spawnOnce(args)).sort((a, b) => a - b);
  const median = (times[(RUNS - 1) >> 1] + times[RUNS >> 1]) / 2;
  const p90 = times[Math.ceil(0.9 * RUNS) - 1];
  console.log(`  ${label}\n      中位数 ${median.toFixed(0)} ms   p90 ${p90.toFixed(0)} ms   最快 ${times[0].toFixed(0)} ms`);
}

/** A document for `check` to import: one in examples/, else the seed rendered as DOCX by the command itself. */
function documentExample(dir) {
  const found = readdirSync(EXAMPLES)
    .filter((name) => /\.(docx|txt)$/i.test(name))
    .sort()[0];
  if (found) return { path: join(EXAMPLES, found), label: `examples/${found}` };
  const path = join(dir, 'lvxianting-2023.docx');
  spawnOnce([BIN, 'render', SEED, '--format', 'docx', '-o', path]);
  return { path, label: 'lvxianting-2023.docx（examples/ 中没有 .docx 或 .txt，由 jixiao render 从种子生成）' };
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-bench-cli-'));
  try {
    console.log(`\n== 命令行启动 (jixiao)：每条命令新起进程 ${RUNS} 次，墙钟时间；${loadNote()} ==`);
    measure('node -e 0（参照：Node 本身的启动）', ['-e', '0']);
    measure('jixiao check lvxianting-2023.json（目标 ≤ 300 ms）', [BIN, 'check', SEED]);
    const doc = documentExample(dir);
    measure(`jixiao check ${doc.label}`, [BIN, 'check', doc.path]);
    measure('jixiao render lvxianting-2023.json --format pdf', [BIN, 'render', SEED, '--format', 'pdf', '-o', join(dir, 'seed.pdf')]);
    console.log(`   测完：${loadNote()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
