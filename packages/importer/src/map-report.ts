/**
 * The 自评报告: cover (title, 部门（单位）名称, 主管部门, date), the opening paragraphs, the numbered sections and the 附件 list.
 * Headings are recognised by their numbering AND their text, because the seed numbers paragraphs
 * inside sections the same way ("1、加强党的建设。…") and mixes "1、", "二、", "8、" for headings.
 */
import { REPORT_FORM, REPORT_OUTLINE, reportSection, toHalfWidth, type Report, type ReportSection } from '@jixiao/core';
import type { ImportContext } from './context.js';
import { labelKey } from './normalize.js';
import { titleLines, type Part } from './parts.js';
import type { SourceBlock, SourceCell, SourceParagraph, SourceRow } from './source.js';

const SECTION_TITLES = REPORT_OUTLINE.map((spec) => spec.title);

const NUMBERED = /^(?:([一二三四五六七八九十]+)|(\d+))\s*[、.．]\s*(\S.*)$/u;

function isHeading(line: string): boolean {
  const match = NUMBERED.exec(toHalfWidth(line).trim());
  if (!match) return false;
  const rest = match[3]!;
  if (/[。；;]/.test(rest) || rest.length > 40) return false;
  const key = labelKey(rest);
  if (SECTION_TITLES.some((title) => key === title || (key.length <= title.length + 4 && key.includes(title)))) return true;
  // Chinese-numeral headings with titles of the unit's own wording.
  return match[1] !== undefined && rest.length <= 30;
}

const COVER_UNIT = REPORT_FORM.coverUnit.pattern;
const COVER_DATE = REPORT_FORM.coverDate.pattern;
const COVER_DEPARTMENT = REPORT_FORM.coverDepartment.pattern;
const DATE_LINE = /^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$/;
/** A unit's name on the line under its label ("部门(单位)名称" / "长沙市雨花区发展和改革局"): short, no sentence. */
const NAME_LINE = /^[^\s:：，,。；;]{2,40}$/;
const ATTACHMENTS = REPORT_FORM.attachments.pattern;

/**
 * A paragraph before the first section that is prose ("按照…的要求，…报告如下：", "现将自评情况报告如下："),
 * not a field of a cover form ("主管部门：…", "评价类型 □事前 √事后") nor a title's broken line: a sentence
 * (its punctuation, or the "如下：" that leads into the sections), whose first colon, if any, does not end
 * a short label.
 */
const isOpening = (line: string): boolean =>
  line.length >= 8 &&
  (/[，,。；;！!？?]/.test(line) || /如下\s*[:：]$/.test(line)) &&
  !/^[^，,。:：]{1,12}[:：](?!$)/.test(line) &&
  !/[□☑√]/.test(line);

/** A line of the report with what holds it: a paragraph, a single-cell row of a sheet, or a table's row (`row`). */
interface ReportLine {
  line: string;
  source: SourceParagraph | SourceCell;
  /** the table row the line is, where it is one of several filled cells */
  row: SourceRow | null;
}

/** A table row as one line of text: its filled cells in order, each on one line, merged cells once, spaced apart. */
function rowLine(cells: readonly SourceCell[]): string {
  const texts = cells.map((cell) => cell.text.replace(/\s*\n\s*/g, ' ').trim());
  return texts.filter((text, i) => text !== texts[i - 1]).join('\u3000');
}

/** The report's text lines: paragraphs, the lines of single-cell rows of a sheet, and the rows of tables in its body. */
function reportLines(blocks: SourceBlock[]): ReportLine[] {
  const out: ReportLine[] = [];
  for (const block of blocks) {
    if (block.kind === 'paragraph') {
      if (block.text.trim() !== '') out.push({ line: block.text.trim(), source: block, row: null });
      continue;
    }
    const filled = block.cells.filter((cell) => cell.text.trim() !== '');
    if (filled.length > 1) out.push({ line: rowLine(filled), source: filled[0]!, row: block });
    else if (filled.length === 1) for (const line of titleLines(block)) out.push({ line, source: filled[0]!, row: null });
  }
  return out;
}

/** The report, and the 主管部门 its cover prints (a form-style report's), '' where it prints none. */
export function mapReport(part: Part, ctx: ImportContext): { report: Report; department: string } {
  const report: Report = { cover: { title: part.title, unitName: '', date: '' }, opening: [], sections: [], attachmentList: [] };
  let section: ReportSection | null = null;
  let inAttachments = false;
  let unitOnNextLine = false;
  let department = '';
  /** tables whose rows a section holds, each told once */
  const tables = new Set<number>();
  for (const { line, source: paragraph, row } of reportLines(part.blocks)) {
    const nameBelow = unitOnNextLine;
    unitOnNextLine = false;
    if (row) {
      // A table in a section's text (a form-style report's 基本概况 grid: 联系人, 人员编制 …) is part of
      // what the section says: kept as its lines, not dropped. Elsewhere (the cover) it stays unread.
      // Rows another reader took (the signature line under the last table) are not the section's.
      if (!section || inAttachments || row.cells.some((cell) => ctx.isUsed(cell))) continue;
      section.paragraphs.push(line);
      ctx.useRow(row);
      if (!tables.has(row.table)) {
        tables.add(row.table);
        ctx.note(
          '提示',
          `“${section.heading}”中的表格不是附件表格，已按行导入为该部分的正文（每行一段，单元格之间空一格），请核对`,
          row.location,
        );
      }
    } else if (inAttachments || ATTACHMENTS.test(line)) {
      inAttachments = true;
      report.attachmentList.push(line);
      ctx.use(paragraph);
    } else if (isHeading(line)) {
      section = reportSection(line);
      report.sections.push(section);
      ctx.use(paragraph);
    } else if (section) {
      section.paragraphs.push(line);
      ctx.use(paragraph);
    } else if (COVER_UNIT.test(line) && !report.cover.unitName) {
      report.cover.unitName = line
        .replace(COVER_UNIT, '')
        .replace(/[(（]\s*盖章\s*[)）]/, '')
        .trim();
      unitOnNextLine = report.cover.unitName === '';
      ctx.use(paragraph);
    } else if (nameBelow && NAME_LINE.test(line) && !DATE_LINE.test(line)) {
      report.cover.unitName = line;
      ctx.use(paragraph);
    } else if (!report.cover.date && (DATE_LINE.test(line) || (COVER_DATE.test(line) && DATE_LINE.test(line.replace(COVER_DATE, ''))))) {
      report.cover.date = line.replace(COVER_DATE, '').trim();
      ctx.use(paragraph);
    } else if (!department && COVER_DEPARTMENT.test(line)) {
      department = line.replace(COVER_DEPARTMENT, '').trim();
      ctx.use(paragraph);
    } else if (isOpening(line)) {
      report.opening.push(line);
      ctx.use(paragraph);
    }
  }
  return { report, department };
}
