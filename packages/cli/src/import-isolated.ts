/** A file imported the way every shell imports: in a worker thread with time and memory limits, old Office files through LibreOffice. */
import { ImportPool } from '@jixiao/audit';
import type { ImportResult } from '@jixiao/import';

export async function importIsolated(bytes: Uint8Array, fileName: string): Promise<ImportResult> {
  const pool = new ImportPool({ size: 1 });
  try {
    return await pool.import(bytes, fileName);
  } finally {
    await pool.close();
  }
}
