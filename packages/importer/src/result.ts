import type { SourceFormat } from './source.js';
import { BASIC_DATA_FORM, OTHER_FUNDS, OVERALL_FORM, PROJECT_FORM, REPORT_FORM, type Package } from '@jixiao/core';

/** The parts of a package an import looks for. */
export type PartId = 'basicData' | 'overall' | 'projects' | 'otherFunds' | 'report';

export const PART_NAMES: Record<PartId, string> = {
  basicData: `${BASIC_DATA_FORM.part} ${BASIC_DATA_FORM.name}`,
  overall: `${OVERALL_FORM.part} ${OVERALL_FORM.name}`,
  projects: `${PROJECT_FORM.part} ${PROJECT_FORM.name}`,
  otherFunds: `附件4–6 ${OTHER_FUNDS.map((fund) => fund.fund).join('/')}支出情况表`,
  report: REPORT_FORM.name,
};

/** Text found in the file that the import could not place in the package. */
export interface UnmappedItem {
  location: string;
  text: string;
}

/** A row whose values could not be assigned to its columns with certainty; its cells were left blank. */
export interface UncertainRow {
  location: string;
  /** The row's label, e.g. "会议费、培训费". */
  label: string;
  /** The values the row shows, in order, as written. */
  values: string[];
  /** The columns they could belong to, as the header names them. */
  columns: string[];
  /** Where the row would stand in the package (the row, or the table when that is all that is known). */
  path: string;
  message: string;
}

export interface ImportNote {
  severity: '提示' | '警告';
  message: string;
  location?: string;
}

export interface ImportResult {
  /** False when the file could not be read at all (see `errors`); then `package` is null. */
  ok: boolean;
  format: SourceFormat | null;
  /** The package; parts not found are left as the empty skeleton, never filled in. */
  package: Package | null;
  partsFound: PartId[];
  partsAbsent: PartId[];
  unmapped: UnmappedItem[];
  uncertainRows: UncertainRow[];
  notes: ImportNote[];
  /** Fatal errors, in Chinese. */
  errors: string[];
}

/** The result of a file that could not be read at all. */
export function failedImport(message: string, format: SourceFormat | null = null): ImportResult {
  return {
    ok: false,
    format,
    package: null,
    partsFound: [],
    partsAbsent: [],
    unmapped: [],
    uncertainRows: [],
    notes: [],
    errors: [message],
  };
}
