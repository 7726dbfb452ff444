/**
 * Worker thread entry (node:worker_threads): renders packages to files for the batch export, so
 * that laying out DOCX/XLSX/PDF does not hold up the main thread's requests. One message in
 * `{ id, pkg, format }`, one message out `{ id, bytes, fileName }` or `{ id, error }`.
 */
import { parentPort } from 'node:worker_threads';
import type { Package } from '@jixiao/core';
import { type RectificationRecord, loadWriters } from '@jixiao/documents';
import { type ExportFormat, renderFile } from './formats.js';

export interface RenderRequest {
  id: number;
  pkg: Package;
  format: ExportFormat;
  /** The 整改情况 appendix, when asked for. */
  rectification?: RectificationRecord[];
}

export type RenderReply = { id: number; bytes: Uint8Array; fileName: string } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error('render-worker runs only as a worker thread');
// A warm thread is warm for every format: the writers load while the thread waits for its first render.
void loadWriters();
port.on('message', (request: RenderRequest) => {
  renderFile(request.pkg, request.format, request.rectification).then(
    (file) => {
      const bytes = new Uint8Array(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength).slice();
      port.postMessage({ id: request.id, bytes, fileName: file.fileName } satisfies RenderReply, [bytes.buffer]);
    },
    (error: unknown) =>
      port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies RenderReply),
  );
});
