/**
 * Turning typed or pasted text into package data. Amount cells accept what people copy from Excel and
 * WPS ("1,234.50", full-width "１２３４．５", "4.07万元"); text that is not a number is refused with a
 * message naming the cell, and the rest of a pasted block still goes in.
 */
import { readNumber, settleUncertain, type Package } from '@jixiao/core';
import type { CellEdit } from '../grid/types.js';
import { setAt } from './paths.js';

export interface LabelledEdit extends CellEdit {
  /** The cell as a reader names it: "公务接待 本年决算数" */
  label: string;
}

export interface EditOutcome {
  /** The fields written, with the values stored. */
  writes: { path: string; value: unknown }[];
  /** One Chinese message per refused cell. */
  refused: string[];
}

/** What a select cell stores for the option shown. */
function selectValue(path: string, raw: string): unknown {
  if (path.endsWith('.notApplicable')) return raw === '不适用' || raw === '是';
  if (path.endsWith('.level')) return raw === '' ? null : raw;
  return raw;
}

export function applyEdits(pkg: Package, edits: readonly LabelledEdit[]): EditOutcome {
  const outcome: EditOutcome = { writes: [], refused: [] };
  const write = (path: string, value: unknown): void => {
    setAt(pkg, path, value);
    outcome.writes.push({ path, value });
  };
  for (const edit of edits) {
    if (edit.kind === 'number') {
      const reading = readNumber(edit.raw);
      if (!reading.ok) {
        outcome.refused.push(`${edit.label}：${reading.reason}`);
        continue;
      }
      if (reading.percent) {
        outcome.refused.push(`${edit.label}：“${edit.raw}” 带有 %，此处只填数字`);
        continue;
      }
      write(edit.path, reading.value);
    } else if (edit.kind === 'select') {
      write(edit.path, selectValue(edit.path, edit.raw.trim()));
    } else {
      write(edit.path, edit.raw);
    }
  }
  // A row an import could not place is the user's once they enter it.
  settleUncertain(
    pkg,
    outcome.writes.map((w) => w.path),
  );
  return outcome;
}
