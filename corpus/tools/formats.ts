/**
 * Test material in every shape a user brings it: a table written once as a grid (corpus/FORMAT.md:
 * one row a line, cells separated by TAB, `<` / `^` for the positions a merged cell covers) is
 * turned into the text a unit copies out of a spreadsheet or a web page, into HTML, and through
 * LibreOffice into DOCX, XLSX, XLS, DOC and PDF — files made outside the project, as users have them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A cell of a grid: its text and the positions it covers; null where a merged cell covers the position. */
export type GridCell = { text: string; colSpan: number; rowSpan: number } | null;

export interface GridTable {
  /** The title line(s) above the grid. */
  title: string;
  rows: GridCell[][];
}

/** A document: its tables, then the report's paragraphs (either may be empty). */
export interface Material {
  tables: GridTable[];
  paragraphs: string[];
}

/** The tables of a corpus `tables.tsv` (corpus/FORMAT.md). */
export function readGrid(tsv: string): GridTable[] {
  const tables: GridTable[] = [];
  let raw: string[][] = [];
  let title = '';
  const flush = () => {
    if (raw.length > 0 || title !== '') tables.push({ title, rows: spans(raw) });
    raw = [];
    title = '';
  };
  for (const line of tsv.replace(/\r/g, '').split('\n')) {
    if (line.startsWith('# ')) {
      flush();
      title = line.slice(2).trim();
    } else if (line.trim() === '') {
      flush();
    } else {
      raw.push(line.split('\t').map((cell) => cell.replace(/\\n/g, '\n')));
    }
  }
  flush();
  return tables;
}

/** Resolves `<` and `^` into spans on the cell that starts the merge. */
function spans(raw: string[][]): GridCell[][] {
  const width = Math.max(0, ...raw.map((row) => row.length));
  const rows: GridCell[][] = raw.map((row) => Array.from({ length: width }, (_, c) => ({ text: row[c] ?? '', colSpan: 1, rowSpan: 1 })));
  const owner: ({ r: number; c: number } | null)[][] = rows.map((row) => row.map(() => null));
  rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      const text = cell!.text;
      if (text === '<' && c > 0) {
        const start = owner[r]![c - 1] ?? { r, c: c - 1 };
        owner[r]![c] = start;
        if (start.r === r) rows[start.r]![start.c]!.colSpan++;
        row[c] = null;
      } else if (text === '^' && r > 0) {
        const start = owner[r - 1]![c] ?? { r: r - 1, c };
        owner[r]![c] = start;
        const head = rows[start.r]![start.c]!;
        if (start.c === c) head.rowSpan = Math.max(head.rowSpan, r - start.r + 1);
        row[c] = null;
      }
    }),
  );
  return rows;
}

/** A title as the lines it is printed on: "附件1" stands on a line of its own above the title. */
function titleLines(title: string): string[] {
  const match = /^(附件\s*[0-9一二三四五六七八九十]+(?:-\d+)?[:：]?)\s+(.+)$/.exec(title);
  return match ? [match[1]!, match[2]!] : title ? [title] : [];
}

/** The text lines of the grid's rows: every position, a covered one as an empty cell. */
function textRows(table: GridTable): string[][] {
  return table.rows.map((row) => row.map((cell) => cell?.text ?? ''));
}

/** The seed's shape: one cell per line after a tab, an empty line after each row (a DOCX text extraction). */
export function asCellLines(material: Material): string {
  const out: string[] = [];
  for (const table of material.tables) {
    // The title lines are one cell of their own, as a DOCX text extraction gives them.
    if (table.title) out.push(...titleLines(table.title).map((line, i) => (i === 0 ? `\t${line}` : line)), '');
    for (const row of table.rows) {
      // A cell merged across columns is extracted once; one merged down the rows appears as an empty cell.
      row.forEach((cell, c) => {
        if (cell) out.push(...cell.text.split('\n').map((line, i) => (i === 0 ? `\t${line}` : line)));
        else if (table.rows.indexOf(row) > 0 && isVerticalCover(table, row, c)) out.push('\t');
      });
      out.push('');
    }
  }
  out.push(...material.paragraphs);
  return out.join('\n');
}

function isVerticalCover(table: GridTable, row: GridCell[], c: number): boolean {
  const r = table.rows.indexOf(row);
  for (let up = r - 1; up >= 0; up--) {
    const cell = table.rows[up]![c];
    if (cell) return up + cell.rowSpan > r;
  }
  return false;
}

/** Tab-separated text, as copied out of Excel or WPS: one row a line. */
export function asTsv(material: Material): string {
  const lines: string[] = [];
  for (const table of material.tables) {
    lines.push(...titleLines(table.title));
    for (const row of textRows(table)) lines.push(row.map((text) => text.replace(/\n/g, ' ')).join('\t'));
    lines.push('');
  }
  return [...lines, ...material.paragraphs].join('\n');
}

/** Comma-separated text (RFC 4180 quoting), as saved from a spreadsheet. */
export function asCsv(material: Material): string {
  const quote = (text: string) => (/[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lines: string[] = [];
  for (const table of material.tables) {
    lines.push(...titleLines(table.title).map(quote));
    for (const row of textRows(table)) lines.push(row.map(quote).join(','));
  }
  return [...lines, ...material.paragraphs.map(quote)].join('\n');
}

/** Markdown pipe tables. */
export function asPipeTable(material: Material): string {
  const lines: string[] = [];
  for (const table of material.tables) {
    lines.push(...titleLines(table.title), '');
    textRows(table).forEach((row, i) => {
      lines.push(`| ${row.map((text) => text.replace(/\n/g, ' ').replace(/\|/g, '／')).join(' | ')} |`);
      if (i === 0) lines.push(`|${row.map(() => ' --- |').join('')}`);
    });
    lines.push('');
  }
  return [...lines, ...material.paragraphs].join('\n');
}

/** A table copied from a web page: each cell on its own line ending in " |", rows separated by a line of "|||". */
export function asWebDump(material: Material): string {
  const lines: string[] = [];
  for (const table of material.tables) {
    lines.push(...titleLines(table.title));
    for (const row of table.rows) {
      for (const cell of row) if (cell) lines.push(`${cell.text.replace(/\n/g, ' ')} |`);
      lines.push('|||');
    }
  }
  return [...lines, ...material.paragraphs].join('\n');
}

/** A page flattened to one cell per line with no row breaks at all. */
export function asFlatCells(material: Material): string {
  const lines: string[] = [];
  for (const table of material.tables) {
    lines.push(...titleLines(table.title));
    for (const row of table.rows) for (const cell of row) if (cell && cell.text.trim() !== '') lines.push(cell.text.replace(/\n/g, ' '));
  }
  return [...lines, ...material.paragraphs].join('\n');
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** HTML with real merged cells (colspan, rowspan), for LibreOffice to turn into office files. */
export function asHtml(material: Material): string {
  const out = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>material</title></head><body>'];
  for (const table of material.tables) {
    for (const line of titleLines(table.title)) out.push(`<p>${escape(line)}</p>`);
    out.push('<table border="1">');
    for (const row of table.rows) {
      const cells = row
        .filter((cell): cell is NonNullable<GridCell> => cell !== null)
        .map((cell) => {
          const span = (cell.colSpan > 1 ? ` colspan="${cell.colSpan}"` : '') + (cell.rowSpan > 1 ? ` rowspan="${cell.rowSpan}"` : '');
          return `<td${span}>${cell.text.split('\n').map(escape).join('<br>')}</td>`;
        });
      out.push(`<tr>${cells.join('')}</tr>`);
    }
    out.push('</table>');
  }
  for (const paragraph of material.paragraphs) out.push(`<p>${escape(paragraph)}</p>`);
  out.push('</body></html>');
  return out.join('\n');
}

/** The office formats LibreOffice makes from the HTML, with the filter that makes each. */
export const OFFICE_TARGETS = {
  docx: { from: 'html', filter: 'docx:MS Word 2007 XML', infilter: 'HTML (StarWriter)' },
  doc: { from: 'html', filter: 'doc:MS Word 97', infilter: 'HTML (StarWriter)' },
  pdf: { from: 'html', filter: 'pdf:writer_pdf_Export', infilter: 'HTML (StarWriter)' },
  xlsx: { from: 'html', filter: 'xlsx:Calc MS Excel 2007 XML', infilter: 'HTML (StarCalc)' },
  xls: { from: 'html', filter: 'xls:MS Excel 97', infilter: 'HTML (StarCalc)' },
} as const;

export type OfficeTarget = keyof typeof OFFICE_TARGETS;

export function hasSoffice(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v soffice'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The material as an office file made by LibreOffice headless, in a private profile. Results are kept
 * in `cacheDir` by name, so a test run converts each file once.
 */
export function officeFile(material: Material, target: OfficeTarget, name: string, cacheDir: string): Uint8Array {
  prepareOfficeFiles([{ material, target, name }], cacheDir);
  return new Uint8Array(readFileSync(join(cacheDir, `${name}.${target}`)));
}

/**
 * Makes every file not yet in `cacheDir` with one LibreOffice run per target format: starting
 * LibreOffice takes longer than converting a page, so a corpus converts in seconds, not minutes.
 */
export function prepareOfficeFiles(files: readonly { material: Material; target: OfficeTarget; name: string }[], cacheDir: string): void {
  mkdirSync(cacheDir, { recursive: true });
  const missing = files.filter((f) => !existsSync(join(cacheDir, `${f.name}.${f.target}`)));
  for (const target of new Set(missing.map((f) => f.target))) {
    const work = mkdtempSync(join(tmpdir(), 'jixiao-office-'));
    const batch = missing.filter((f) => f.target === target);
    const inputs = batch.map((f) => {
      const html = join(work, `${f.name}.html`);
      writeFileSync(html, asHtml(f.material));
      return html;
    });
    const { filter, infilter } = OFFICE_TARGETS[target];
    execFileSync(
      'soffice',
      [
        '--headless',
        '--norestore',
        `-env:UserInstallation=file://${join(cacheDir, '.profile')}`,
        `--infilter=${infilter}`,
        '--convert-to',
        filter,
        '--outdir',
        work,
        ...inputs,
      ],
      { stdio: 'ignore', timeout: 120_000 + 10_000 * inputs.length },
    );
    for (const f of batch) writeFileSync(join(cacheDir, `${f.name}.${target}`), readFileSync(join(work, `${f.name}.${target}`)));
  }
}
