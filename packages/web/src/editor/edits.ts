/**
 * Turning typed or pasted text into package data. Amount cells accept what people copy from Excel and
 * WPS ("1,234.50", full-width "１２３４．５", "4.07万元"); text that is not a number is refused with a
 * message naming the cell, and the rest of a pasted block still goes in. A figure in 元 in a 万元 cell
 * ("1204860元") is held back with its conversion, for the user to confirm.
 */
import { readAmount, readNumber, settleUncertain, staleScores, type Package, type YuanAmount } from '@jixiao/core';
import type { CellEdit } from '../grid/types.js';
import { setAt } from './paths.js';

export interface LabelledEdit extends CellEdit {
  /** The cell as a reader names it: "公务接待 本年决算数" */
  label: string;
  /** An amount in 万元 (a number cell that is not a count, area or score). */
  amount?: boolean;
}

export interface EditOutcome {
  /** The fields written, with the values stored. */
  writes: { path: string; value: unknown }[];
  /** One Chinese message per refused cell. */
  refused: string[];
  /** Amounts typed in 元, not written: the edit that would write each in 万元, to offer. */
  inYuan: { edit: LabelledEdit; amount: YuanAmount }[];
}

/** What a select cell stores for the option shown. */
function selectValue(path: string, raw: string): unknown {
  if (path.endsWith('.notApplicable')) return raw === '不适用' || raw === '是';
  if (path.endsWith('.level')) return raw === '' ? null : raw;
  return raw;
}

/** `before(paths)` is told of each field just before it is written (the undo history remembers it). */
export function applyEdits(pkg: Package, edits: readonly LabelledEdit[], before: (paths: string[]) => void = () => undefined): EditOutcome {
  const outcome: EditOutcome = { writes: [], refused: [], inYuan: [] };
  const write = (path: string, value: unknown): void => {
    before([path]);
    setAt(pkg, path, value);
    outcome.writes.push({ path, value });
  };
  for (const edit of edits) {
    if (edit.kind === 'number') {
      const reading = edit.amount ? readAmount(edit.raw) : readNumber(edit.raw);
      if (!reading.ok) {
        if (reading.inYuan) outcome.inYuan.push({ edit: { ...edit, raw: reading.inYuan.wan }, amount: reading.inYuan });
        else outcome.refused.push(`${edit.label}：${reading.reason}`);
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
  // A 得分 the unit's file printed for the row's old figures is not the row's any more (core staleScores).
  const stale = staleScores(
    pkg,
    outcome.writes.map((w) => w.path),
  );
  for (const path of stale) write(path, null);
  // A row an import could not place is the user's once they enter it.
  if (outcome.writes.length > 0 && pkg.uncertain.length > 0) before(['uncertain']);
  settleUncertain(
    pkg,
    outcome.writes.map((w) => w.path),
  );
  return outcome;
}
