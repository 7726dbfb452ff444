/**
 * The package being edited, with its computed figures and findings kept current on every change.
 *
 * The package is a plain object mutated in place (not a deep Vue proxy): the core engine then reads it
 * at full speed and a package of thousands of rows costs nothing to track. `revision` tells the views
 * to re-read it. Derived figures are recomputed at once, for the part that changed (core `recompute`); the
 * findings come from the full core checker, in a worker where the browser has one.
 *
 * Every change made through the document goes into its undo history (undo.ts); what one user act
 * changes — everything until the current task of the event loop ends — is one step.
 */
import { computed as vueComputed, shallowRef, ref, type ComputedRef, type Ref, type ShallowRef } from 'vue';
import { check, compute, recompute, type ComputedPackage, type Finding, type Package } from '@jixiao/core';
import { applyEdits, type EditOutcome, type LabelledEdit } from './edits.js';
import type { CheckReply, CheckRequest } from './check-worker.js';
import { setAt } from './paths.js';
import { UndoHistory, type Applied } from './undo.js';
import { recordCheck, recordRecompute } from '../perf.js';

/** A structural change: what it is called in the history, and the paths it may change (their subtrees). */
export interface StepSpec {
  label: string;
  scope: string | readonly string[];
}

export interface EditorDocument {
  pkg: ShallowRef<Package>;
  revision: Ref<number>;
  computed: ShallowRef<ComputedPackage>;
  findings: ShallowRef<Finding[]>;
  /** Findings still being brought up to date with the latest edit. */
  checking: Ref<boolean>;
  /** Changes not yet saved. */
  dirty: Ref<boolean>;
  /** `label` names the act in the history ("修改“公务接待 本年决算数”", "粘贴 12 个单元格"). */
  edit(edits: readonly LabelledEdit[], label: string): EditOutcome;
  /** A text field; typing in one field is one step until the user pauses or leaves it (`endTyping`). */
  setField(path: string, value: unknown, label: string): void;
  /** The user left a text field: typing there again is a new step. */
  endTyping(): void;
  /** Structural changes (rows added, moved, removed) made by `change` on the package itself, within `step.scope`. */
  mutate(change: (pkg: Package) => void, step: StepSpec): void;
  /**
   * Replace the whole content. With `step`, the user did it (an import) and it can be undone; without,
   * the content came from elsewhere (load, restore, a newer version from the service) and the history
   * of the old content is dropped, so no undo can write stale values into it.
   */
  replace(pkg: Package, dirty: boolean, step?: { label: string }): void;
  /** What 撤销 / 重做 would do, or null when there is nothing. */
  undoLabel: ComputedRef<string | null>;
  redoLabel: ComputedRef<string | null>;
  undo(): Applied | null;
  redo(): Applied | null;
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
  // What changed goes to the worker once the frame that shows it is painted: posting (a whole package
  // is copied to post it) and the findings coming back would otherwise take the main thread between the
  // keystroke and its figure. Changes made meanwhile go together, as the package itself when it was
  // replaced (it is the live object, so it holds the writes made since); `seq` counts every change at
  // once, so that findings from before it are not taken as up to date.
  let whole: Package | null = null;
  let writes: { path: string; value: unknown }[] = [];
  let scheduled = false;
  const send = () => {
    scheduled = false;
    if (whole) post({ kind: 'load', seq, pkg: whole });
    else if (writes.length > 0) post({ kind: 'set', seq, writes });
    whole = null;
    writes = [];
  };
  const later = () => {
    seq++;
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => setTimeout(send));
  };
  return {
    load: (pkg) => {
      whole = pkg;
      writes = [];
      later();
    },
    set: (changes) => {
      if (!whole) writes.push(...changes);
      later();
    },
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

  const history = new UndoHistory();
  let sealing = false;
  /** Remembers what `paths` hold before a change; the step closes when the current task is over. */
  function record(paths: readonly string[], label: string, typing?: string): void {
    history.record(pkg.value, paths, label, { typing, now: performance.now() });
    if (sealing) return;
    sealing = true;
    queueMicrotask(() => {
      sealing = false;
      history.seal();
    });
  }
  const undoLabel = vueComputed(() => (void revision.value, history.undoLabel));
  const redoLabel = vueComputed(() => (void revision.value, history.redoLabel));

  function whole(): void {
    changed(null);
    checker.load(pkg.value);
  }

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
    edit(edits, label) {
      const outcome = applyEdits(pkg.value, edits, (paths) => record(paths, label));
      if (outcome.writes.length > 0) {
        changed(outcome.writes.map((w) => w.path));
        checker.set(outcome.writes);
      }
      return outcome;
    },
    setField(path, value, label) {
      record([path], label, path);
      setAt(pkg.value, path, value);
      changed([path]);
      checker.set([{ path, value }]);
    },
    endTyping: () => history.close(),
    mutate(change, step) {
      record(typeof step.scope === 'string' ? [step.scope] : step.scope, step.label);
      change(pkg.value);
      whole();
    },
    replace(next, isDirty, step) {
      if (step) {
        // In place, part by part, so that the history can write the parts back.
        const keys = [...new Set([...Object.keys(pkg.value), ...Object.keys(next)])];
        record(keys, step.label);
        const target = pkg.value as unknown as Record<string, unknown>;
        for (const key of keys) {
          const value = (next as unknown as Record<string, unknown>)[key];
          if (value === undefined) delete target[key];
          else target[key] = value;
        }
      } else {
        history.clear();
        pkg.value = next;
      }
      whole();
      dirty.value = isDirty;
    },
    undoLabel,
    redoLabel,
    undo() {
      const applied = history.undo(pkg.value);
      if (applied) whole();
      return applied;
    },
    redo() {
      const applied = history.redo(pkg.value);
      if (applied) whole();
      return applied;
    },
    dispose: () => checker.dispose(),
  };
}
