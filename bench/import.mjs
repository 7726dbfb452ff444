// Importer: time to read the seed as published text, as a DOCX, an XLSX and a PDF (all written by
// @jixiao/documents from the transcribed example), into a package. Targets: ≤ 20 ms text, ≤ 100 ms DOCX,
// ≤ 150 ms PDF.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePackageJson } from '@jixiao/core';
import { renderDocx, renderPdf, renderXlsx } from '@jixiao/documents';
import { importFile } from '@jixiao/import';

const SEED = fileURLToPath(new URL('../../shared/seed/000_e0a24521fb6c3de6.txt', import.meta.url));
const EXAMPLE = new URL('../examples/lvxianting-2023.json', import.meta.url);
const RUNS = 200;

async function measure(data, name) {
  for (let i = 0; i < 30; i++) await importFile(data, name);
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const result = await importFile(data, name);
    times.push(performance.now() - t);
    if (!result.ok) throw new Error(`${name}: ${result.errors.join('; ')}`);
  }
  times.sort((a, b) => a - b);
  const at = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
  console.log(
    `  ${name.padEnd(10)} ${(data.length / 1024).toFixed(0).padStart(4)} KB   中位数 ${at(0.5)} ms   p95 ${at(0.95)} ms   最快 ${times[0].toFixed(2)} ms`,
  );
}

export async function run() {
  console.log(`导入（@jixiao/import），每种格式 ${RUNS} 次：`);
  if (existsSync(SEED)) await measure(new Uint8Array(readFileSync(SEED)), 'seed.txt');
  else console.log(`  跳过文本：找不到种子文件 ${SEED}`);
  const parsed = parsePackageJson(readFileSync(EXAMPLE, 'utf8'));
  if (!parsed.ok) throw new Error('examples/lvxianting-2023.json is not a valid package');
  await measure(await renderDocx(parsed.package), 'seed.docx');
  await measure(await renderXlsx(parsed.package), 'seed.xlsx');
  await measure(await renderPdf(parsed.package), 'seed.pdf');
}
