// `jixiao audit` engine: 1,000 files of mixed formats in a folder, imported and checked in the
// worker pool (one thread per core), as the command runs them. Target: ≥ 50 files/s on 2 cores.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImportPool, folderEntries, runAudit } from '@jixiao/audit';
import { syntheticPackage } from '@jixiao/core';
import { renderDocx, renderPdf, renderXlsx } from '@jixiao/documents';

const SEED = fileURLToPath(new URL('../../shared/seed/000_e0a24521fb6c3de6.txt', import.meta.url));
const FILES = 1000;
const DISTINCT = 40;
/** The formats of the folder, in the proportions a finance bureau receives them. */
const MIX = [
  ['docx', 4],
  ['xlsx', 2],
  ['pdf', 2],
  ['txt', 2],
];

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'jixiao-bench-audit-'));
  try {
    const made = { docx: [], xlsx: [], pdf: [], txt: [] };
    for (let i = 0; i < DISTINCT; i++) {
      const pkg = syntheticPackage(1000 + i, { projects: 3 });
      made.docx.push(await renderDocx(pkg));
      made.xlsx.push(await renderXlsx(pkg));
      made.pdf.push(await renderPdf(pkg));
    }
    made.txt.push(existsSync(SEED) ? readFileSync(SEED) : made.docx[0]);
    const cycle = MIX.flatMap(([format, weight]) => Array.from({ length: weight }, () => format));
    const bytes = { docx: 0, xlsx: 0, pdf: 0, txt: 0 };
    for (let i = 0; i < FILES; i++) {
      const format = cycle[i % cycle.length];
      const list = made[format];
      const data = list[i % list.length];
      bytes[format] += data.length;
      writeFileSync(join(dir, `${String(i).padStart(4, '0')}.${existsSync(SEED) || format !== 'txt' ? format : 'docx'}`), data);
    }
    const pool = new ImportPool();
    try {
      const audit = await runAudit(await folderEntries(dir), pool);
      const failed = audit.files.filter((f) => f.error !== null).length;
      const shares = MIX.map(([format, weight]) => `${format} ${Math.round((weight / cycle.length) * 100)}%`).join('、');
      console.log(
        `\n== 批量审核 (@jixiao/audit)：${FILES} 个文件（${shares}），${pool.size} 个线程（本机 ${availableParallelism()} 核）==`,
      );
      console.log(
        `   用时 ${audit.seconds.toFixed(2)} 秒，每秒 ${(FILES / audit.seconds).toFixed(1)} 个文件（目标 ≥ 50）；无法读取 ${failed} 个`,
      );
    } finally {
      await pool.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
