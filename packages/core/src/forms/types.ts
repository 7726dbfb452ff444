/**
 * What a form element says about itself, once: its label and the other labels real forms print for
 * it, its kind, where its value lives in the package, and, where it is derived, the figure it shows
 * and its spreadsheet formula. The schema, the rules, the importer, the documents and the editor all
 * read these declarations (docs/domain.md describes the forms themselves).
 */

/** What a cell holds. */
export type CellKind =
  /** an amount in 万元 */
  | 'amount'
  /** a head count (编制数, 在职人数) */
  | 'count'
  /** an area in ㎡ */
  | 'area'
  /** a rate, derived */
  | 'rate'
  /** a weight or score */
  | 'score'
  /** free text */
  | 'text';

/** A column or a fixed cell of a form. */
export interface FieldSpec<K extends string = string> {
  readonly key: K;
  /** as the official form prints it */
  readonly label: string;
  /** other headings real forms print for the same column (compared after normalisation) */
  readonly aliases: readonly string[];
  readonly kind: CellKind;
}

/**
 * A spreadsheet formula over the cells of its own row or table: `ref(key)` gives the A1 address of the
 * cell holding field `key` (documents resolve it; nothing else needs to).
 */
export type Formula = (ref: (key: string) => string) => string;

/**
 * What a table prints again on each page it runs onto, by block. `top`: leading blocks, printed
 * at the top of every continuation page (Word's tblHeader and Excel's print titles repeat only a
 * table's leading rows, so these must come first); `within`: a block whose heading row is drawn again
 * at the top of a page that breaks among the rows it heads.
 */
export interface RepeatedRows<B extends string = string> {
  readonly top: readonly B[];
  readonly within: readonly B[];
}
