/** Book-keeping shared by the mappers: what was used, what was uncertain, what the user should know. */
import type { SourceBlock, SourceCell, SourceParagraph, SourceRow } from './source.js';
import type { ImportNote, UncertainRow, UnmappedItem } from './result.js';
import { isPlaceholder } from './amount.js';
import { cleanText, oneLine } from './normalize.js';

export class ImportContext {
  private readonly used = new Set<SourceCell | SourceParagraph>();
  readonly notes: ImportNote[] = [];
  readonly uncertainRows: UncertainRow[] = [];

  /** Marks cells or paragraphs as placed in the package (or recognised as form labels). */
  use(...items: (SourceCell | SourceParagraph | undefined)[]): void {
    for (const item of items) if (item) this.used.add(item);
  }

  isUsed(item: SourceCell | SourceParagraph): boolean {
    return this.used.has(item);
  }

  useRow(row: SourceRow): void {
    for (const cell of row.cells) this.used.add(cell);
  }

  note(severity: ImportNote['severity'], message: string, location?: string): void {
    this.notes.push(location === undefined ? { severity, message } : { severity, message, location });
  }

  /** Path of the part being mapped ("basicData", "projects[2]"): where an uncertain row stands when the mapper knows no closer place. */
  scope = '';

  uncertain(row: SourceRow, label: string, message: string, columns: readonly string[], path = this.scope): void {
    const values = row.cells.map((cell) => oneLine(cell.text)).filter((text) => text !== '' && text !== oneLine(label));
    this.uncertainRows.push({ location: row.location, label: oneLine(label), values, columns: columns.map(oneLine), path, message });
    this.useRow(row);
  }

  /** A point to return to when a part turns out to carry no data (an empty template). */
  checkpoint(): { notes: number; uncertain: number } {
    return { notes: this.notes.length, uncertain: this.uncertainRows.length };
  }

  rollback(mark: { notes: number; uncertain: number }): void {
    this.notes.length = mark.notes;
    this.uncertainRows.length = mark.uncertain;
  }

  /** Every non-empty text the mappers did not place, with its location. Placeholders carry nothing. */
  unmapped(blocks: SourceBlock[]): UnmappedItem[] {
    const items: UnmappedItem[] = [];
    for (const block of blocks) {
      if (block.kind === 'paragraph') {
        if (block.text !== '' && !this.used.has(block)) items.push({ location: block.location, text: block.text });
      } else {
        for (const cell of block.cells) {
          const text = cleanText(cell.text);
          if (text !== '' && !isPlaceholder(text) && !this.used.has(cell)) items.push({ location: cell.location, text });
        }
      }
    }
    return items;
  }
}
