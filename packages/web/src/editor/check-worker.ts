/**
 * The core checker in a background thread: all rules over a large package take longer than a frame, so
 * findings are refreshed here while the page stays responsive. The worker keeps its own copy of the
 * package and receives the same field writes as the editor's copy.
 */
import { check, type Finding, type Package } from '@jixiao/core';
import { setAt } from './paths.js';

export type CheckRequest =
  { kind: 'load'; seq: number; pkg: Package } | { kind: 'set'; seq: number; writes: { path: string; value: unknown }[] };

export interface CheckReply {
  seq: number;
  findings: Finding[];
  ms: number;
}

let pkg: Package | null = null;
let lastSeq = 0;
let scheduled = false;

function run(): void {
  scheduled = false;
  if (!pkg) return;
  const started = performance.now();
  const { findings } = check(pkg);
  const reply: CheckReply = { seq: lastSeq, findings, ms: performance.now() - started };
  postMessage(reply);
}

self.onmessage = (event: MessageEvent<CheckRequest>) => {
  const request = event.data;
  lastSeq = request.seq;
  if (request.kind === 'load') pkg = request.pkg;
  else if (pkg) for (const w of request.writes) setAt(pkg, w.path, w.value);
  // Several quick edits are checked once, after the last of them.
  if (!scheduled) {
    scheduled = true;
    setTimeout(run, 0);
  }
};
