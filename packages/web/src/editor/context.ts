/** What every part of the editor shares: the document, marks on cells, jumps, and how edits go in. */
import { inject, provide, type InjectionKey, type Ref, type ShallowRef } from 'vue';
import type { Package } from '@jixiao/core';
import type { CellEdit, CellMark, SheetModel } from '../grid/types.js';
import type { EditorDocument } from './document.js';
import type { TableSource } from './tables.js';

export interface EditorContext {
  doc: EditorDocument;
  readonly: Ref<boolean>;
  /** Findings and reviewers' comments by field path. */
  marks: Ref<ReadonlyMap<string, CellMark>>;
  /** A jump to a cell: `sheet` names the table (EditorSheet `name`) when the jump knows it. */
  focusRequest: Ref<{ path: string; nonce: number; sheet?: string } | null>;
  source: TableSource;
  prior: ShallowRef<Package | null>;
  /** Apply edits from a table, telling the user about any cell refused. */
  applyEdits(model: SheetModel, edits: CellEdit[]): void;
  /** The field the user is on, for reviewers' comments. */
  activePath: Ref<string | null>;
  /** How a reader names that field: "2、出国经费 本年预算数". */
  activeLabel: Ref<string>;
  /** A reader's name for the cell of `path` in a table. */
  cellLabel(model: SheetModel, path: string): string;
  /** Tab and project showing a path; used when jumping to a finding. */
  /** Shows the input of `path`; `grow`: a finding about an empty list adds the list's first row to type into. */
  jumpTo(path: string, grow?: boolean): void;
}

const KEY: InjectionKey<EditorContext> = Symbol('editor');

export function provideEditor(context: EditorContext): void {
  provide(KEY, context);
}

export function useEditor(): EditorContext {
  const context = inject(KEY);
  if (!context) throw new Error('编辑器上下文缺失');
  return context;
}
