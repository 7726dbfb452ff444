// Documents: render times of DOCX, XLSX and PDF for the seed and a 200-project package, and, in the
// same run, how long LibreOffice headless takes to turn the same DOCX into PDF (the office-suite
// route the direct PDF replaces). Medians of several runs after a warm-up; measured, never asserted.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderDocx, renderPdf, renderXlsx } from '@jixiao/documents';
import { projectPackage } from './documents-fixture.mjs';

const RENDERERS = { DOCX: renderDocx, XLSX: renderXlsx, PDF: renderPdf };

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time(fn, runs) {
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await fn();
    times.push(performance.now() - t);
  }
  return { ms: median(times), result };
}

function hasSoffice() {
  return spawnSync('sh', ['-c', 'command -v soffice']).status === 0;
}

/** LibreOffice headless DOCX → PDF, process start included (that is what the office route costs). */
function libreOfficeToPdf(docxPath, outDir, profile) {
  const t = performance.now();
  const result = spawnSync(
    'soffice',
    [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', outDir, docxPath],
    { encoding: 'utf8' },
  );
  const pdf = docxPath.replace(/\.docx$/, '.pdf');
  if (result.status !== 0 || !existsSync(pdf)) throw new Error(`LibreOffice 转换失败：${result.stderr}`);
  rmSync(pdf);
  return performance.now() - t;
}

export async function run() {
  const seed = JSON.parse(readFileSync(new URL('../examples/lvxianting-2023.json', import.meta.url), 'utf8'));
  const cases = [
    { label: '示例（吕仙亭 2023）', pkg: seed, runs: 15 },
    { label: '200 个项目', pkg: projectPackage(seed, 200), runs: 3 },
  ];
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-bench-documents-'));
  const office = hasSoffice();
  console.log('\n== 文书生成 (@jixiao/documents) ==');
  try {
    // Warm-up: fonts are parsed once per process, the JIT compiles the layout code.
    for (let i = 0; i < 3; i++) for (const render of Object.values(RENDERERS)) await render(seed);
    if (office) {
      // LibreOffice's first start creates its profile; that one-off cost is not part of the route.
      const warm = join(dir, 'warm.docx');
      writeFileSync(warm, await renderDocx(seed));
      libreOfficeToPdf(warm, dir, join(dir, 'lo-profile'));
    }
    for (const { label, pkg, runs } of cases) {
      const figures = {};
      let docx;
      for (const [format, render] of Object.entries(RENDERERS)) {
        const { ms, result } = await time(() => render(pkg), runs);
        figures[format] = ms;
        if (format === 'DOCX') docx = result;
        console.log(
          `${label.padEnd(14)} ${format.padEnd(4)} ${ms.toFixed(1).padStart(8)} ms  ${(result.length / 1024).toFixed(0).padStart(6)} KB`,
        );
      }
      if (!office) {
        console.log(`${label.padEnd(14)} LibreOffice 未安装（soffice），跳过 DOCX→PDF 对比`);
        continue;
      }
      const docxPath = join(dir, 'bench.docx');
      writeFileSync(docxPath, docx);
      const lo = median(Array.from({ length: Math.min(runs, 3) }, () => libreOfficeToPdf(docxPath, dir, join(dir, 'lo-profile'))));
      console.log(
        `${label.padEnd(14)} LibreOffice DOCX→PDF ${lo.toFixed(0).padStart(6)} ms；直接生成 PDF 快 ${(lo / figures.PDF).toFixed(1)} 倍`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
