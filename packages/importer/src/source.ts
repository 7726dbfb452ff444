/**
 * What every reader produces: the document as a flat stream of table rows and paragraphs, in
 * reading order. Mapping to the package works on this stream only, so text, DOCX and XLSX are
 * read by one set of label rules.
 */

export interface SourceCell {
  /** Cell text; lines of a multi-line cell are joined with "\n". */
  text: string;
  /** Grid column where the cell starts (text sources: its position in the row). */
  col: number;
  /** Number of grid columns the cell covers. */
  span: number;
  /** Where the cell is, in words a user can find it by, e.g. "第 12 行" or "表格 1 第 3 行第 2 列". */
  location: string;
}

export interface SourceRow {
  kind: 'row';
  /** Index of the table the row belongs to (rows of one table share it). */
  table: number;
  cells: SourceCell[];
  location: string;
  /**
   * True when the reader knows the grid position of every cell (DOCX, XLSX). Text extraction
   * drops some blank cells, so its positions are only trustworthy when counts agree.
   */
  exactColumns: boolean;
  /**
   * Text extraction only: the row's last blank cell and the row break collapsed into a leading
   * space on the next line. Evidence that exactly the LAST cell of this row was blank.
   */
  lostTrailingBlank: boolean;
}

export interface SourceParagraph {
  kind: 'paragraph';
  /** Trimmed paragraph text; "" marks an empty line, which separates blocks of text. */
  text: string;
  location: string;
}

export type SourceBlock = SourceRow | SourceParagraph;

/** The kind of file a document was read from (old Office files are read through their DOCX/XLSX conversion). */
export type SourceFormat = 'text' | 'docx' | 'xlsx' | 'pdf' | 'doc' | 'xls' | 'wps' | 'et';

export interface SourceDocument {
  format: SourceFormat;
  blocks: SourceBlock[];
}
