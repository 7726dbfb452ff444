/**
 * The package being edited, with its computed figures and findings kept current on every change.
 *
 * The package is a plain object mutated in place (not a deep Vue proxy): the core engine then reads it
 * at full speed and a package of thousands of rows costs nothing to track. `revision` tells the views
 * to re-read it. Derived figures are recomputed at once, for the part that changed (core `recompute`); the
 * findings come from the full core checker, in a worker where the browser has one.
 */
import { shallowRef, ref, type Ref, type ShallowRef } from 'vue';
import { check, compute, recompute, type ComputedPackage, type Finding, type Package } from '@jixiao/core';
import { applyEdits, type EditOutcome, type LabelledEdit } from './edits.js';
import type { CheckReply, CheckRequest } from './check-worker.js';
import { setAt } from './paths.js';
import { recordCheck, recordRecompute } from '../perf.js';

export interface EditorDocument {
  pkg: ShallowRef<Package>;
  revision: Ref<number>;
  computed: ShallowRef<ComputedPackage>;
  findings: ShallowRef<Finding[]>;
  /** Findings still being brought up to date with the latest edit. */
  checking: Ref<boolean>;
  /** Changes not yet saved. */
  dirty: Ref<boolean>;
  edit(edits: readonly LabelledEdit[]): EditOutcome;
  setField(path: string, value: unknown): void;
  /** Structural changes (rows added, moved, removed) made by `change` on the package itself. */
  mutate(change: (pkg: Package) => void): void;
  /** Replace the whole content (load, import, restore, a newer version from the service). */
  replace(pkg: Package, dirty: boolean): void;
  dispose(): void;
}

/** Where findings are computed: a worker in the browser, the same thread elsewhere. */
interface Checker {
  load(pkg: Package): void;
  set(writes: { path: string; value: unknown }[]): void;
  dispose(): void;
}

function workerChecker(onFindings: (findings: Finding[], ms: number, upToDate: boolean) => void): Checker | null {
  if (typeof Worker === 'undefined') return null;
  const worker = new Worker(new URL('./check-worker.ts', import.meta.url), { type: 'module' });
  let seq = 0;
  worker.onmessage = (event: MessageEvent<CheckReply>) => onFindings(event.data.findings, event.data.ms, event.data.seq === seq);
  const post = (request: CheckRequest) => worker.postMessage(request);
  return {
    load: (pkg) => post({ kind: 'load', seq: ++seq, pkg }),
    set: (writes) => post({ kind: 'set', seq: ++seq, writes }),
    dispose: () => worker.terminate(),
  };
}

export function createEditorDocument(initial: Package): EditorDocument {
  const pkg = shallowRef(initial);
  const revision = ref(0);
  const computed = shallowRef(compute(initial));
  const findings = shallowRef<Finding[]>([]);
  const checking = ref(true);
  const dirty = ref(false);

  const checker: Checker = workerChecker((list, ms, upToDate) => {
    findings.value = list;
    checking.value = !upToDate;
    recordCheck(ms);
  }) ?? {
    load: () => (findings.value = check(pkg.value).findings),
    set: () => (findings.value = check(pkg.value).findings),
    dispose: () => undefined,
  };
  checker.load(initial);
  if (typeof Worker === 'undefined') checking.value = false;

  function changed(paths: readonly string[] | null): void {
    const started = performance.now();
    computed.value = paths === null ? compute(pkg.value) : recompute(pkg.value, computed.value, paths);
    recordRecompute(performance.now() - started);
    dirty.value = true;
    checking.value = typeof Worker !== 'undefined';
    revision.value++;
  }

  return {
    pkg,
    revision,
    computed,
    findings,
    checking,
    dirty,
    edit(edits) {
      const outcome = applyEdits(pkg.value, edits);
      if (outcome.writes.length > 0) {
        changed(outcome.writes.map((w) => w.path));
        checker.set(outcome.writes);
      }
      return outcome;
    },
    setField(path, value) {
      setAt(pkg.value, path, value);
      changed([path]);
      checker.set([{ path, value }]);
    },
    mutate(change) {
      change(pkg.value);
      changed(null);
      checker.load(pkg.value);
    },
    replace(next, isDirty) {
      pkg.value = next;
      changed(null);
      dirty.value = isDirty;
      checker.load(next);
    },
    dispose: () => checker.dispose(),
  };
}
