/**
 * The package being edited, with its computed figures and findings kept current on every change.
 *
 * The package is a plain object mutated in place (not a deep Vue proxy): the core engine then reads it
 * at full speed and a package of thousands of rows costs nothing to track. `revision` tells the views
 * to re-read it.
 */
import { shallowRef, ref, type Ref, type ShallowRef } from 'vue';
import { check, type ComputedPackage, type Finding, type Package } from '@jixiao/core';
import { applyEdits, type EditOutcome, type LabelledEdit } from './edits.js';
import { setAt } from './paths.js';
import { recordRecompute } from '../perf.js';

export interface EditorDocument {
  pkg: ShallowRef<Package>;
  revision: Ref<number>;
  computed: ShallowRef<ComputedPackage>;
  findings: ShallowRef<Finding[]>;
  /** Changes not yet saved. */
  dirty: Ref<boolean>;
  edit(edits: readonly LabelledEdit[]): EditOutcome;
  setField(path: string, value: unknown): void;
  /** Structural changes (rows added, moved, removed) made by `change` on the package itself. */
  mutate(change: (pkg: Package) => void): void;
  /** Replace the whole content (load, import, restore, a newer version from the service). */
  replace(pkg: Package, dirty: boolean): void;
}

export function createEditorDocument(initial: Package): EditorDocument {
  const pkg = shallowRef(initial);
  const revision = ref(0);
  const first = check(initial);
  const computed = shallowRef(first.computed);
  const findings = shallowRef(first.findings);
  const dirty = ref(false);

  function recompute(): void {
    const started = performance.now();
    const result = check(pkg.value);
    recordRecompute(performance.now() - started);
    computed.value = result.computed;
    findings.value = result.findings;
  }

  function changed(): void {
    recompute();
    dirty.value = true;
    revision.value++;
  }

  return {
    pkg,
    revision,
    computed,
    findings,
    dirty,
    edit(edits) {
      const outcome = applyEdits(pkg.value, edits);
      if (outcome.applied > 0) changed();
      return outcome;
    },
    setField(path, value) {
      setAt(pkg.value, path, value);
      changed();
    },
    mutate(change) {
      change(pkg.value);
      changed();
    },
    replace(next, isDirty) {
      pkg.value = next;
      recompute();
      dirty.value = isDirty;
      revision.value++;
    },
  };
}
