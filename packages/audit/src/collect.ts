/**
 * The files of a folder (recursively) or of a ZIP, as the audit reads them: each named by its path
 * inside, read only when its turn comes, so a large collection never sits in memory at once.
 * Hidden files, Office lock files (~$…) and macOS resource folders are not material and are skipped;
 * every other file gets its row, readable or not.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { LIMITS, formatBytes, openZip } from '@jixiao/import';

export interface AuditEntry {
  /** Path inside the folder or ZIP, with "/" separators. */
  path: string;
  read(): Promise<Uint8Array>;
}

const isMaterial = (path: string) =>
  path.split('/').every((part) => part !== '' && !part.startsWith('.') && !part.startsWith('~$') && part !== '__MACOSX');

/** Most files one audit takes. */
export const MAX_AUDIT_FILES = 100_000;

export async function folderEntries(root: string): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  const walk = async (dir: string): Promise<void> => {
    const items = await readdir(dir, { withFileTypes: true });
    items.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    for (const item of items) {
      const full = join(dir, item.name);
      const path = relative(root, full).split(sep).join('/');
      if (!isMaterial(path)) continue;
      if (item.isDirectory()) await walk(full);
      else if (item.isFile()) {
        if (entries.length >= MAX_AUDIT_FILES) throw new Error(`文件夹中的文件超过 ${MAX_AUDIT_FILES} 个，请分批审核`);
        entries.push({
          path,
          read: async () => {
            const size = (await stat(full)).size;
            // Larger than any import accepts: refused without reading it into memory.
            if (size > LIMITS.fileBytes) throw new Error(`文件大小 ${formatBytes(size)}，超过导入上限 ${formatBytes(LIMITS.fileBytes)}`);
            return new Uint8Array(await readFile(full));
          },
        });
      }
    }
  };
  await walk(root);
  return entries;
}

/** The files of a ZIP; an entry that is too large or malformed fails alone, when it is read. */
export function zipEntries(data: Uint8Array): AuditEntry[] {
  const zip = openZip(data, { entries: MAX_AUDIT_FILES, entryBytes: LIMITS.fileBytes, totalBytes: Number.MAX_SAFE_INTEGER, lenient: true });
  return zip.names
    .filter((name) => !name.endsWith('/') && isMaterial(name))
    .sort((a, b) => a.localeCompare(b, 'zh-CN'))
    .map((path) => ({ path, read: () => Promise.resolve(zip.read(path)!) }));
}
