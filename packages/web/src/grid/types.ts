/** What a spreadsheet-like table shows and how its cells map to fields of the package. */
import type { Severity } from '@jixiao/core';

export type CellKind = 'number' | 'text' | 'select' | 'computed' | 'label';

/**
 * How a number cell shows its figure when not being edited: an amount in 万元 or an area at 2 dp with
 * thousands separators ("11,891.75"), a score or weight at 2 dp; without one, as typed (head counts).
 */
export type NumberFormat = 'amount' | 'area' | 'score';

export interface SheetColumn {
  key: string;
  title: string;
  /** Width in px; the table scrolls sideways on narrow screens. */
  width: number;
  align?: 'left' | 'right' | 'center';
}

export interface SheetCell {
  /** Field path written by this cell; null for labels and derived figures. */
  path: string | null;
  kind: CellKind;
  /** What the cell shows. */
  text: string;
  /** What editing starts from when it differs from `text`: the exact figure stored ("11891.753"). */
  value?: string;
  /** A number cell's display format. */
  format?: NumberFormat;
  /** Choices of a select cell. */
  options?: readonly string[];
  /** Last year's figure for the same field, shown beside it while reviewing. */
  prior?: string;
  /** Extra paths whose findings are marked on this cell (a derived rate's inputs, a row's name). */
  findingPaths?: readonly string[];
}

/** One typed or pasted value for one field; the editor turns the raw text into data. */
export interface CellEdit {
  path: string;
  kind: CellKind;
  raw: string;
}

export interface SheetModel {
  columns: readonly SheetColumn[];
  rowCount: number;
  cell(row: number, col: number): SheetCell;
  /** Where a field is shown, to jump there from a finding or a comment. */
  locate(path: string): { row: number; col: number } | null;
  /** Tables that grow (indicators, project lines): add `count` empty rows at the end. */
  appendRows?(count: number): void;
}

export interface CellMark {
  severity: Severity | '意见';
  messages: string[];
}
