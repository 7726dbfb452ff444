/**
 * When someone else saved first: put my edits on top of their version, field by field, so that neither
 * their work nor mine is lost. Rows added or removed on my side cannot be placed field by field; the
 * caller then keeps my whole version (after offering a backup).
 */
import { diffJson, type Package } from '@jixiao/core';
import { getAt, setAt } from './paths.js';

export interface Merge {
  merged: Package;
  /** How many of my fields were applied. */
  applied: number;
  /** Fields both of us changed: mine wins, they are named to the user. */
  overlapping: string[];
}

const isElement = (path: string) => path.endsWith(']');

export function mergeMine(base: Package, mine: Package, theirs: Package): Merge | null {
  const myChanges = diffJson(base, mine);
  if (myChanges.some((c) => isElement(c.path))) return null;
  const theirPaths = new Set(diffJson(base, theirs).map((c) => c.path));
  if ([...theirPaths].some(isElement)) return null;
  const merged = structuredClone(theirs);
  const overlapping: string[] = [];
  for (const change of myChanges) {
    if (theirPaths.has(change.path) && getAt(theirs, change.path) !== change.after) overlapping.push(change.path);
    setAt(merged, change.path, structuredClone(change.after));
  }
  return { merged, applied: myChanges.length, overlapping };
}
