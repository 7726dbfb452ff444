/**
 * Splitting the document into its parts by their titles and first rows, never by attachment
 * number: publishers number the same table 附件1, 附件2 or 附件一, and a partial document may
 * hold any subset of the parts in any order.
 */
import type { ImportContext } from './context.js';
import { BASIC_DATA_FORM, OTHER_FUNDS, OVERALL_FORM, PROJECT_FORM, REPORT_FORM, toHalfWidth } from '@jixiao/core';
import { isLabelOf, oneLine, type Labelled } from './normalize.js';
import type { SourceBlock, SourceRow } from './source.js';

export type PartKind = 'basicData' | 'overall' | 'project' | 'governmentFund' | 'stateCapital' | 'socialInsurance' | 'report';

export interface Part {
  kind: PartKind;
  /** Title as written (lines joined), "" when the part was found by its first row. */
  title: string;
  /** Where the part starts. */
  location: string;
  blocks: SourceBlock[];
}

/** Each part's title, as its form declares it. */
const TITLES: [PartKind, RegExp][] = [
  ['basicData', BASIC_DATA_FORM.titlePattern],
  ['overall', OVERALL_FORM.titlePattern],
  ['project', PROJECT_FORM.titlePattern],
  ...OTHER_FUNDS.map((fund): [PartKind, RegExp] => [fund.key, fund.titlePattern]),
  ['report', REPORT_FORM.titlePattern],
];

/** First-row labels that open a part when its title is missing (hand-made sheets, single tables). */
const ANCHORS: [PartKind, Labelled][] = [
  ['basicData', { label: BASIC_DATA_FORM.unitName.label, aliases: [] }],
  ['overall', { label: OVERALL_FORM.unitName.label, aliases: ['预算部门、单位名称', '预算部门(单位)名称'] }],
  ['project', PROJECT_FORM.name_],
];

/** Compact form of a possible title line: half-width, no spaces, no "附件N" prefix. */
function titleForm(line: string): string {
  return toHalfWidth(line)
    .replace(/\s+/g, '')
    .replace(/^附件[0-9一二三四五六七八九十]+(?:-[0-9]+)?[:：]?/, '')
    .replace(/^附件[:：]/, '')
    .replace(/[(（]?\d{4}年度?[)）]?$/, '');
}

/** The kind a line titles, if it is a title: not a numbered list entry ("2、…表"), not too long. */
function titleKind(line: string): PartKind | null {
  const form = titleForm(line);
  if (form.length > 60 || /^[0-9一二三四五六七八九十]+[、.]/.test(form)) return null;
  for (const [kind, pattern] of TITLES) if (pattern.test(form)) return kind;
  return null;
}

/** Lines of a block that read as text: a paragraph, or a row with a single non-empty cell (sheets). */
export function titleLines(block: SourceBlock): string[] {
  if (block.kind === 'paragraph') return block.text === '' ? [] : [block.text];
  const filled = block.cells.filter((cell) => cell.text.trim() !== '');
  return filled.length === 1
    ? filled[0]!.text
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
    : [];
}

function anchorKind(block: SourceBlock): PartKind | null {
  if (block.kind !== 'row') return null;
  const first = block.cells.find((cell) => cell.text.trim() !== '');
  if (!first) return null;
  for (const [kind, label] of ANCHORS) if (isLabelOf(first.text, label)) return kind;
  return null;
}

const YEAR_PREFIX = /^\d{4}\s*年/;
const ATTACHMENT_NUMBER = /^附件\s*[0-9一二三四五六七八九十]+(?:\s*-\s*[0-9]+)?$/;

export function splitParts(blocks: SourceBlock[], ctx: ImportContext): { parts: Part[]; outside: SourceBlock[] } {
  const parts: Part[] = [];
  const outside: SourceBlock[] = [];
  let current: Part | null = null;
  const holder = () => (current ? current.blocks : outside);
  const hasRows = (part: Part) => part.blocks.some((b) => b.kind === 'row');

  blocks.forEach((block, index) => {
    // "附件 3" on its own line only numbers the part that follows; the number is not trusted.
    const lines = titleLines(block);
    if (lines.length === 1 && ATTACHMENT_NUMBER.test(toHalfWidth(lines[0]!))) {
      if (block.kind === 'paragraph') ctx.use(block);
      else ctx.useRow(block);
      return;
    }
    const at = lines.findIndex((line) => titleKind(line) !== null);
    if (at !== -1) {
      const kind = titleKind(lines[at]!)!;
      let title = lines[at]!;
      let location = block.location;
      if (!YEAR_PREFIX.test(titleForm(title))) {
        // A title broken over two lines: "2023 年度…整体支出" + "绩效自评报告".
        const previous = blocks[index - 1];
        const previousLine = previous ? titleLines(previous).at(-1) : undefined;
        if (at > 0 && YEAR_PREFIX.test(lines[at - 1]!)) title = lines[at - 1]! + title;
        else if (previous && previousLine && YEAR_PREFIX.test(previousLine) && holder().at(-1) === previous) {
          holder().pop();
          if (previous.kind === 'paragraph') ctx.use(previous);
          else ctx.useRow(previous);
          title = previousLine + title;
          location = previous.location;
        }
      }
      if (block.kind === 'paragraph') ctx.use(block);
      else ctx.useRow(block);
      const continues = current !== null && current.kind === kind && (kind === 'report' || !hasRows(current));
      if (!continues) {
        current = { kind, title: title.trim(), location, blocks: [] };
        parts.push(current);
      }
      return;
    }
    const anchored = anchorKind(block);
    if (anchored && !(current !== null && current.kind === anchored && !hasRows(current))) {
      current = { kind: anchored, title: '', location: block.location, blocks: [] };
      parts.push(current);
    }
    holder().push(block);
  });
  return { parts, outside };
}

/** The evaluated year named by a part title ("2023年度…"), if any. */
export function titleYear(title: string): number | null {
  const match = /(\d{4})\s*年/.exec(toHalfWidth(title));
  return match ? Number(match[1]) : null;
}

/** The first non-empty cell of a row and its index: the row's label. */
export function rowLabel(row: SourceRow): { index: number; text: string } | null {
  const index = row.cells.findIndex((cell) => cell.text.trim() !== '');
  return index === -1 ? null : { index, text: oneLine(row.cells[index]!.text) };
}
