/**
 * A page flattened to one cell per line, with no row breaks and no blank cells (a web page or PDF
 * copied as plain text). Rows are recovered by anchoring on the forms: a line naming a row of a form
 * starts a row; column headings run together into a header row; values follow their label; a text
 * after values starts the next row (a line of a list such as 区级专项资金). Blank cells are gone, so
 * no position is exact: a row whose values do not fill its header is left uncertain by the mappers
 * (its values listed with the columns they could mean), never guessed.
 */
import {
  BASIC_DATA_FORM,
  BUILDINGS,
  FUNDS_COLUMNS,
  FUNDS_TOTAL,
  FUND_SOURCES,
  GOALS,
  INDICATORS_BLOCK,
  INDICATOR_COLUMNS,
  OVERALL_FORM,
  PROJECT_FORM,
  STAFFING,
  TOTAL_ROW,
  YEAR_COLUMNS,
  readNumber,
  toHalfWidth,
} from '@jixiao/core';
import { namesOf, type Labelled } from './normalize.js';
import { isTitleLine } from './parts.js';
import type { SourceRow } from './source.js';
import { TextBlocks } from './text-blocks.js';

/** Labels that open a row of some form. */
const ROW_LABELS: readonly Labelled[] = [
  ...BASIC_DATA_FORM.rows,
  BASIC_DATA_FORM.unitName,
  BASIC_DATA_FORM.yearBlock,
  BASIC_DATA_FORM.frugality,
  STAFFING,
  BUILDINGS,
  OVERALL_FORM.unitName,
  OVERALL_FORM.fundsBlock,
  ...OVERALL_FORM.byIncome.fields,
  ...OVERALL_FORM.byExpense.fields,
  FUNDS_TOTAL,
  GOALS,
  GOALS.expected,
  GOALS.actual,
  INDICATORS_BLOCK,
  TOTAL_ROW,
  PROJECT_FORM.name_,
  PROJECT_FORM.department,
  PROJECT_FORM.implementer,
  PROJECT_FORM.manager,
  PROJECT_FORM.fundsBlock,
  ...FUND_SOURCES,
];

/** Labels that head a column: they run together into one header row. */
const HEADINGS: readonly Labelled[] = [...YEAR_COLUMNS, ...STAFFING.fields, ...BUILDINGS.fields, ...FUNDS_COLUMNS, ...INDICATOR_COLUMNS];

/** Rows whose label is followed by text, not figures. */
const TEXT_VALUED: readonly Labelled[] = [
  BASIC_DATA_FORM.unitName,
  BASIC_DATA_FORM.frugality,
  OVERALL_FORM.unitName,
  GOALS,
  GOALS.expected,
  GOALS.actual,
  PROJECT_FORM.name_,
  PROJECT_FORM.department,
  PROJECT_FORM.implementer,
  PROJECT_FORM.manager,
];

type Kind = 'label' | 'heading' | 'value' | 'text';

interface FlatCell {
  text: string;
  lineNo: number;
  kind: Kind;
  /** A row label whose row holds text ("预算单位名称" → the unit's name). */
  textValued: boolean;
}

const YEAR_HEADING = /^(?:\d{4}\s*年度?|上年|本年)\s*(?:决算|预算|实际在职人数)/;

function classify(text: string, lineNo: number): FlatCell {
  const names = namesOf(text);
  if (readNumber(text).ok) return { text, lineNo, kind: 'value', textValued: false };
  if (YEAR_HEADING.test(toHalfWidth(text).replace(/\s+/g, '')) || HEADINGS.some(names)) {
    return { text, lineNo, kind: 'heading', textValued: false };
  }
  if (ROW_LABELS.some(names)) return { text, lineNo, kind: 'label', textValued: TEXT_VALUED.some(names) };
  return { text, lineNo, kind: 'text', textValued: false };
}

/** The template's placeholder for rows left out. */
const PLACEHOLDER_ROW = /^[…．.]{2,}$/;

/** Notes the templates print under their tables. */
const BOILERPLATE = [...BASIC_DATA_FORM.boilerplate, ...PROJECT_FORM.boilerplate];

/** A line of running text (a report's paragraph), not a cell: long, and a sentence. */
const isProse = (text: string) => text.length >= 40 && /[。；！？]$/.test(text);

/** Whether `cell` starts a new row after the cells of `row` (which is not empty). */
function startsRow(row: readonly FlatCell[], cell: FlatCell, headerWidth: number): boolean {
  const hasValue = row.some((c) => c.kind === 'value');
  const isHeader = row.slice(1).length > 0 && row.slice(1).every((c) => c.kind === 'heading');
  const first = row[0]!;
  switch (cell.kind) {
    case 'label':
      return true;
    case 'heading':
      // Headings run on; after figures a heading opens the next block's header.
      return hasValue;
    case 'value':
      // A header row holds no figures; a row holds no more figures than its header has columns.
      return isHeader || first.kind === 'heading' || (headerWidth > 0 && row.length >= headerWidth);
    case 'text':
      if (hasValue || isHeader || first.kind === 'heading') return true;
      // After a label that takes text, the text is its value; a second text after it is not.
      if (first.kind === 'label') return !first.textValued || row.length > 1;
      // Two texts in a row without figures: lines of a list whose figures are blank.
      return true;
  }
}

export function readFlat(lines: readonly string[]): TextBlocks {
  const out = new TextBlocks();
  let row: FlatCell[] = [];
  let headerWidth = 0;
  const flush = () => {
    if (row.length === 0) return;
    const source: SourceRow = out.row(row[0]!.lineNo, false);
    for (const cell of row) out.cell(source, cell.text, `第 ${cell.lineNo} 行`);
    if (row.length > 1 && row.slice(1).every((c) => c.kind === 'heading')) headerWidth = row.length;
    row = [];
  };
  lines.forEach((line, index) => {
    const lineNo = index + 1;
    const text = line.trim();
    if (text === '') return;
    if (PLACEHOLDER_ROW.test(text)) {
      // A template's "……" line stands for rows left out; it is no cell of the row before it.
      flush();
      return;
    }
    if (BOILERPLATE.some((pattern) => pattern.test(text))) {
      // "说明：…" printed under a table belongs to the table, as its own row.
      flush();
      row.push({ text, lineNo, kind: 'text', textValued: false });
      flush();
      return;
    }
    if (isTitleLine(text) || isProse(text)) {
      flush();
      headerWidth = 0;
      out.paragraph(text, lineNo);
      return;
    }
    const cell = classify(text, lineNo);
    if (row.length > 0 && startsRow(row, cell, headerWidth)) flush();
    row.push(cell);
  });
  flush();
  return out;
}
