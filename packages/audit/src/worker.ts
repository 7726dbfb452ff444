/**
 * The worker thread of the pool (pool.ts): imports a file, and for an audit also checks it. Running
 * here, a hostile file can exhaust only this thread's time and memory; the pool ends the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { limitIssues } from '@jixiao/core';
import { type ImportResult, failedImport, importFile } from '@jixiao/import';
import { sofficeConverter } from '@jixiao/import/node';
import { auditImported, auditPackageJson } from './audit-file.js';
import type { PoolReply, PoolRequest, WorkerSettings } from './pool.js';

const settings = workerData as WorkerSettings;

// pdfjs inflates fonts through the asynchronous DecompressionStream when there is one, leaving the
// thread idle between chunks; without it pdfjs inflates in place, a tenth faster per PDF here. Only
// this thread's global is removed: nothing else runs in it.
Reflect.deleteProperty(globalThis, 'DecompressionStream');
// The pool ends LibreOffice with this thread when the file runs out of time.
const convertOffice =
  sofficeConverter({
    timeoutMs: settings.convertTimeoutMs,
    onSpawn: (pid) => parentPort!.postMessage({ kind: 'spawned', pid } satisfies PoolReply),
  }) ?? undefined;

/** Unread text listed back to the caller; the rest is counted. A person reads a few hundred at most. */
const MAX_UNMAPPED = 300;

/**
 * What goes back to the main thread is bounded: a package past core's size limits is refused here, and
 * a file of mostly unreadable text lists its first lines only. Whatever is sent costs the service's
 * event loop time in proportion to its size.
 */
function sized(result: ImportResult): ImportResult {
  const first = result.package ? limitIssues(result.package)[0] : undefined;
  if (first) return failedImport(`内容过大，无法导入：${first.message}（${first.path}）`, result.format);
  if (result.unmapped.length <= MAX_UNMAPPED) return result;
  return {
    ...result,
    unmapped: result.unmapped.slice(0, MAX_UNMAPPED),
    notes: [...result.notes, { severity: '提示', message: `另有 ${result.unmapped.length - MAX_UNMAPPED} 处未能识别的文字未逐条列出` }],
  };
}

parentPort!.on('message', (request: PoolRequest) => {
  void (async () => {
    if (request.kind === 'audit' && /\.json$/i.test(request.fileName)) {
      // A package already made (by jixiao or the service) is audited as it is.
      const file = auditPackageJson(request.label, new TextDecoder().decode(request.data));
      parentPort!.postMessage({ id: request.id, kind: 'audit', file } satisfies PoolReply);
      return;
    }
    const result = sized(await importFile(request.data, request.fileName, { convertOffice }));
    const reply: PoolReply =
      request.kind === 'audit'
        ? { id: request.id, kind: 'audit', file: auditImported(request.label, result) }
        : { id: request.id, kind: 'import', result };
    parentPort!.postMessage(reply);
  })();
});
