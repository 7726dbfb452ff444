/**
 * Splitting the document into its parts by their titles and first rows, never by attachment
 * number: publishers number the same table 附件1, 附件2 or 附件一, and a partial document may
 * hold any subset of the parts in any order.
 */
import type { ImportContext } from './context.js';
import {
  BASIC_DATA_FORM,
  INDICATOR_COLUMNS,
  OTHER_FUNDS,
  OVERALL_FORM,
  PROJECT_FORM,
  REPORT_FORM,
  looksLikeReport,
  toHalfWidth,
  type PreambleKey,
} from '@jixiao/core';
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
  /** Fields printed with a project table's title or between it and the table ("填报日期：…"). */
  fields: PartField[];
}

/** A labelled field of PROJECT_FORM.preamble as a table printed it. */
export interface PartField {
  key: PreambleKey;
  /** the label as printed, without its colon */
  label: string;
  value: string;
  location: string;
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

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every preamble label, longest first: "单位名称：" is one label, not "单位" and a value "名称：…". */
const PREAMBLE_LABELS = PROJECT_FORM.preamble
  .flatMap((field) => [field.label, ...field.aliases].map((label) => ({ key: field.key, label })))
  .sort((a, b) => b.label.length - a.label.length);

/** A preamble label with its colon, at the start of a line or after a space (so "主管部门：" is not "部门："). */
const FIELD_LABEL = new RegExp(`(?<=^|\\s)(${PREAMBLE_LABELS.map((l) => escapeRegExp(l.label)).join('|')})\\s*[:：]`, 'g');

/** A line that only names the year, printed under a title: "（2022年度）", "2022年度". */
const YEAR_LINE = /^[(（]?\s*\d{4}\s*年度?\s*[)）]?$/;

/** A title line and the fields printed after it on the same line ("…自评表 单位名称：… 填报日期：…"). */
function titleHead(line: string): { head: string; tail: string } {
  const at = toHalfWidth(line).search(FIELD_LABEL);
  return at > 0 ? { head: line.slice(0, at).trim(), tail: line.slice(at).trim() } : { head: line, tail: '' };
}

/** The value of "单位：万元" / "金额单位：（元）": a unit of money, not a unit's name. */
const MONEY_UNIT = /^\(?(?:人民币)?(万?)元\)?$/;

/** Whether the fields printed with a table say its amounts are in 元. */
export function printedInYuanFields(fields: readonly PartField[]): boolean {
  return fields.some((field) => field.key === 'amountUnit' && MONEY_UNIT.exec(field.value)?.[1] === '');
}

/** The fields of a line made only of preamble fields; null for any other line. */
function preambleFields(line: string, location: string): PartField[] | null {
  const text = toHalfWidth(line).trim();
  const matches = [...text.matchAll(FIELD_LABEL)];
  if (matches[0]?.index !== 0) return null;
  return matches.map((match, i) => {
    const value = text.slice(match.index + match[0].length, matches[i + 1]?.index ?? text.length).trim();
    const key = PREAMBLE_LABELS.find((l) => l.label === match[1])!.key;
    return { key: MONEY_UNIT.test(value) ? 'amountUnit' : key, label: match[1]!, value, location };
  });
}

/**
 * Takes the lines a project table prints between its title and its first row: the year on a line of
 * its own (joined to the title), preamble fields, form numbers ("公开14表"). False, taking nothing,
 * when any line is something else.
 */
function takePreamble(part: Part, lines: string[], location: string): boolean {
  if (lines.length === 0) return false;
  const fields: PartField[] = [];
  const years: string[] = [];
  for (const line of lines) {
    const found = preambleFields(line, location);
    if (found) fields.push(...found);
    else if (YEAR_LINE.test(toHalfWidth(line).trim())) years.push(line.trim());
    else if (!PROJECT_FORM.boilerplate.some((pattern) => pattern.test(toHalfWidth(line).trim()))) return false;
  }
  part.title = [part.title, ...years].join('');
  part.fields.push(...fields);
  return true;
}

/** The text lines of a block: a paragraph's, or those of each filled cell of a row. */
function blockLines(block: SourceBlock): string[] {
  const texts = block.kind === 'paragraph' ? [block.text] : block.cells.map((cell) => cell.text);
  return texts
    .flatMap((text) => text.split('\n'))
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Moves the preamble lines at the end of `above` (empty lines between them aside) into the part. */
function takeFieldsAbove(part: Part, above: SourceBlock[], ctx: ImportContext): void {
  let start = above.length;
  for (let i = above.length - 1; i >= 0; i--) {
    const block = above[i]!;
    const lines = blockLines(block);
    if (lines.length === 0) continue;
    if (!lines.every((line) => preambleFields(line, block.location) !== null)) break;
    start = i;
  }
  for (const block of above.splice(start)) {
    takePreamble(part, blockLines(block), block.location);
    if (block.kind === 'paragraph') ctx.use(block);
    else ctx.useRow(block);
  }
}

/**
 * A sheet's title row holding a project table's title in one cell and fields in others
 * ("金额单位：元" at the right): its lines, the title's first. Empty for any other row.
 */
function projectTitleRow(block: SourceBlock): string[] {
  if (block.kind !== 'row') return [];
  const [first, ...rest] = block.cells.filter((cell) => cell.text.trim() !== '').map((cell) => blockLines({ ...block, cells: [cell] }));
  if (!first || rest.length === 0 || !first.some((line) => titleKind(line) === 'project')) return [];
  const fields = rest.flat();
  return fields.every((line) => preambleFields(line, block.location) !== null) ? [...first, ...fields] : [];
}

/** The kind a line titles, if it is a title: not a numbered list entry ("2、…表"), not too long. */
function titleKind(line: string): PartKind | null {
  const form = titleForm(titleHead(line).head);
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

/** The label every form may open with, 附件1's and 附件2's alike: which it is, the rows after it say. */
const UNIT_NAME: Labelled = { label: '单位名称', aliases: [] };
const INDICATOR_NAME: Labelled = INDICATOR_COLUMNS.find((c) => c.key === 'name')!;
/** How far below such a first row its indicator headings may stand (基本支出, 预算执行情况 and the goals come first). */
const LOOK_AHEAD = 8;

/**
 * A table without a title whose first row is "单位名称" (湖北's 部门整体支出绩效自评表): 附件2 where an
 * indicator header (… 三级指标 …) follows within a few rows and no 项目名称 does; null otherwise.
 */
function unitNameAnchor(blocks: readonly SourceBlock[], index: number): PartKind | null {
  const block = blocks[index]!;
  if (block.kind !== 'row' || !isLabelOf(block.cells.find((cell) => cell.text.trim() !== '')?.text ?? '', UNIT_NAME)) return null;
  for (const next of blocks.slice(index + 1, index + 1 + LOOK_AHEAD)) {
    if (next.kind !== 'row') continue;
    if (next.cells.some((cell) => isLabelOf(cell.text, PROJECT_FORM.name_))) return null;
    if (next.cells.some((cell) => isLabelOf(cell.text, INDICATOR_NAME))) return 'overall';
  }
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
    const single = titleLines(block);
    const lines = single.length > 0 ? single : projectTitleRow(block);
    if (lines.length === 1 && ATTACHMENT_NUMBER.test(toHalfWidth(lines[0]!))) {
      if (block.kind === 'paragraph') ctx.use(block);
      else ctx.useRow(block);
      return;
    }
    const at = lines.findIndex((line) => titleKind(line) !== null);
    if (at !== -1) {
      const kind = titleKind(lines[at]!)!;
      const { head, tail } = titleHead(lines[at]!);
      let title = head;
      let location = block.location;
      if (!YEAR_PREFIX.test(titleForm(title))) {
        // A title broken over two lines: "2023 年度…整体支出" + "绩效自评报告", "岳阳县2018年度部门整体支出" + "绩效评价自评报告".
        const previous = blocks[index - 1];
        const previousLine = previous ? titleLines(previous).at(-1) : undefined;
        const opens = (line: string) => YEAR_PREFIX.test(line) || (/\d{4}\s*年/.test(line) && titleKind(line + title) === kind);
        if (at > 0 && opens(lines[at - 1]!)) title = lines[at - 1]! + title;
        else if (previous && previousLine && opens(previousLine) && holder().at(-1) === previous) {
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
        current = { kind, title: title.trim(), location, blocks: [], fields: [] };
        parts.push(current);
      }
      // What the title's line and cell print after it: "单位名称：… 填报日期：…", "（2022年度）".
      if (kind === 'project') takePreamble(current!, [tail, ...lines.slice(at + 1)].filter(Boolean), block.location);
      return;
    }
    if (current?.kind === 'project' && !hasRows(current) && takePreamble(current, blockLines(block), block.location)) {
      if (block.kind === 'paragraph') ctx.use(block);
      else ctx.useRow(block);
      return;
    }
    const anchored = anchorKind(block) ?? (current === null ? unitNameAnchor(blocks, index) : null);
    if (anchored && !(current !== null && current.kind === anchored && !hasRows(current))) {
      const part: Part = { kind: anchored, title: '', location: block.location, blocks: [], fields: [] };
      // A table without a title at the top of the file: the fields printed above it ("自评年度：2022") are its own.
      if ((anchored === 'project' || anchored === 'overall') && current === null) takeFieldsAbove(part, outside, ctx);
      current = part;
      parts.push(current);
    }
    holder().push(block);
  });
  // A report without a title it can be known by still reads as one by its headings (一、基本情况 …).
  if (!parts.some((part) => part.kind === 'report')) {
    const paragraphs = outside.filter((block) => block.kind === 'paragraph');
    if (looksLikeReport(paragraphs.flatMap(titleLines))) {
      // Its tables too, in order: one inside a section is part of what the section says (mapReport).
      parts.push({ kind: 'report', title: '', location: paragraphs[0]!.location, blocks: [...outside], fields: [] });
      outside.splice(0, outside.length);
    }
  }
  return { parts, outside };
}

/**
 * The evaluated year named by a part title: "2023年度…" is certain; a bare "2023年…" less so, since a
 * project's own name may start with a year ("隆阳区2021年中央…项目" evaluated for 2022).
 */
export function titleYear(title: string): { year: number; certain: boolean } | null {
  const text = toHalfWidth(title);
  const match = /(\d{4})\s*年度/.exec(text) ?? /(\d{4})\s*年/.exec(text);
  return match ? { year: Number(match[1]), certain: match[0].endsWith('度') } : null;
}

/** The first non-empty cell of a row and its index: the row's label. */
export function rowLabel(row: SourceRow): { index: number; text: string } | null {
  const index = row.cells.findIndex((cell) => cell.text.trim() !== '');
  return index === -1 ? null : { index, text: oneLine(row.cells[index]!.text) };
}

/** A line that titles a part or only numbers it ("附件1"): never a cell of a table. */
export function isTitleLine(line: string): boolean {
  return titleKind(line) !== null || ATTACHMENT_NUMBER.test(toHalfWidth(line.trim()));
}
