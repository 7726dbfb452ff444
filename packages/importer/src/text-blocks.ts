/**
 * Building the block stream of a text file: rows grouped into tables (a paragraph between rows starts
 * a new table), within the reader limits, whatever shape the text has.
 */
import { ImportError, LIMITS } from './errors.js';
import type { SourceBlock, SourceCell, SourceRow } from './source.js';

export class TextBlocks {
  readonly blocks: SourceBlock[] = [];
  private table = 0;
  private afterParagraph = true;
  private cells = 0;

  private push(block: SourceBlock): void {
    if (this.blocks.length >= LIMITS.blocks) {
      throw new ImportError(`文本中的表格行和段落超过 ${LIMITS.blocks} 个，不像是一份自评材料，拒绝读取`);
    }
    this.blocks.push(block);
  }

  /** A paragraph line; "" is an empty line, which separates blocks of text. */
  paragraph(text: string, lineNo: number): void {
    this.push({ kind: 'paragraph', text: text.trim(), location: `第 ${lineNo} 行` });
    this.afterParagraph = true;
  }

  /** A new, still empty row of the current table (or of a new one after a paragraph). */
  row(lineNo: number, exactColumns: boolean): SourceRow {
    if (this.afterParagraph) this.table++;
    this.afterParagraph = false;
    const row: SourceRow = {
      kind: 'row',
      table: this.table,
      cells: [],
      location: `第 ${lineNo} 行`,
      exactColumns,
      lostTrailingBlank: false,
    };
    this.push(row);
    return row;
  }

  /** Ends the current table: the next row starts another. */
  endTable(): void {
    this.afterParagraph = true;
  }

  cell(row: SourceRow, text: string, location: string): SourceCell {
    if (++this.cells > LIMITS.cells) throw new ImportError(`文本中的单元格超过 ${LIMITS.cells} 个，不像是一份自评材料，拒绝读取`);
    const cell: SourceCell = { text, col: row.cells.length, span: 1, location };
    row.cells.push(cell);
    return cell;
  }
}
