/**
 * Where job files live (export ZIPs, the parts they are built from, uploaded audits): a folder by
 * default (`JIXIAO_FILES_DIR`), which every app process and worker of a deployment must share, or an
 * S3-compatible store (s3-store.ts). Files
 * are written and read as streams, so no file is ever held whole in memory, and the database only
 * keeps their keys.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface FileStore {
  /** Writes the stream under `key` (replacing what was there); resolves to its size in bytes. */
  write(key: string, content: Readable | Uint8Array): Promise<number>;
  /** The file under `key` as a stream, and its size; null when there is none. */
  read(key: string): Promise<{ stream: Readable; size: number } | null>;
  /** The keys directly or indirectly under `prefix`, sorted. */
  list(prefix: string): Promise<string[]>;
  /** Removes the file `key`, or everything under the prefix `key/`. */
  remove(key: string): Promise<void>;
}

/** Keys are relative paths of `/`-separated safe names (job ids, part numbers, file names). */
export function checkKey(key: string): void {
  if (!key || key.startsWith('/') || key.split('/').some((p) => p === '' || p === '.' || p === '..')) {
    throw new Error(`invalid file key: ${key}`);
  }
}

export class FolderStore implements FileStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  private path(key: string): string {
    checkKey(key);
    return join(this.root, ...key.split('/'));
  }

  async write(key: string, content: Readable | Uint8Array): Promise<number> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    // Written beside and renamed: a reader never sees half a file, and a retried write replaces whole.
    const partial = `${target}.${process.pid}.partial`;
    if (content instanceof Uint8Array) {
      const out = createWriteStream(partial);
      await new Promise<void>((done, fail) => {
        out.on('error', fail);
        out.end(content, done);
      });
    } else {
      await pipeline(content, createWriteStream(partial));
    }
    await rename(partial, target);
    return (await stat(target)).size;
  }

  async read(key: string): Promise<{ stream: Readable; size: number } | null> {
    const path = this.path(key);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return null;
    return { stream: createReadStream(path), size: info.size };
  }

  async list(prefix: string): Promise<string[]> {
    const base = this.path(prefix);
    const entries = await readdir(base, { recursive: true, withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isFile() && !e.name.endsWith('.partial'))
      .map((e) => `${prefix}/${relative(base, join(e.parentPath, e.name)).split(sep).join('/')}`)
      .sort();
  }

  async remove(key: string): Promise<void> {
    await rm(this.path(key), { recursive: true, force: true });
  }
}
