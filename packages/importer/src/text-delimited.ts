/**
 * Delimited text: tab-separated (copied out of Excel or WPS) or comma-separated (saved as CSV). One
 * row a line; a cell holding the delimiter, a quote or a line break is quoted ("…", quotes doubled),
 * as both programs write it. A line that is a single cell is a paragraph (a title above a table).
 */
import { TextBlocks } from './text-blocks.js';

/** Splits delimited text into records of fields; a quoted field may span lines. Returns each record's first line. */
export function delimitedRecords(text: string, delimiter: '\t' | ','): { fields: string[]; lineNo: number }[] {
  const records: { fields: string[]; lineNo: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let lineNo = 1;
  let recordLine = 1;
  let i = 0;
  const endField = () => {
    fields.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push({ fields, lineNo: recordLine });
    fields = [];
    recordLine = lineNo;
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' && field === '') {
      // A quoted field only when it closes properly: "三公"经费 typed in a cell stays text.
      const close = closingQuote(text, i + 1, delimiter);
      if (close !== -1) {
        const inner = text.slice(i + 1, close);
        field = inner.replace(/""/g, '"');
        lineNo += inner.split(/\r\n|\r|\n/).length - 1;
        i = close + 1;
        continue;
      }
    }
    if (ch === delimiter) {
      endField();
      i++;
    } else if (ch === '\n' || ch === '\r') {
      lineNo++;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      endRecord();
    } else {
      field += ch;
      i++;
    }
  }
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/** Index of the quote closing a quoted field opened before `from`, or -1 when it is not a well-formed quoted field. */
function closingQuote(text: string, from: number, delimiter: string): number {
  let i = from;
  while (i < text.length) {
    const at = text.indexOf('"', i);
    if (at === -1) return -1;
    if (text[at + 1] === '"') {
      i = at + 2;
      continue;
    }
    const next = text[at + 1];
    return next === undefined || next === delimiter || next === '\n' || next === '\r' ? at : -1;
  }
  return -1;
}

export function readDelimited(text: string, delimiter: '\t' | ','): TextBlocks {
  const out = new TextBlocks();
  for (const { fields, lineNo } of delimitedRecords(text, delimiter)) {
    if (fields.length === 1) {
      out.paragraph(fields[0]!, lineNo);
      continue;
    }
    const row = out.row(lineNo, true);
    fields.forEach((field, index) => out.cell(row, field.replace(/\r\n?/g, '\n'), `第 ${lineNo} 行第 ${index + 1} 列`));
  }
  return out;
}
