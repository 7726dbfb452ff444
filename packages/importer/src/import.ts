/** importFile: bytes of a text, DOCX or XLSX file in, a package with a full account of what was read out. */
import {
  BASIC_DATA_FORM,
  PROJECT_FORM,
  REPORT_FORM,
  absentPackage,
  packageSpecFor,
  parsePackage,
  toHalfWidth,
  type BasicDataFormSpec,
} from '@jixiao/core';
import type { Package, PreambleKey, ProjectEvaluation } from '@jixiao/core';
import { ImportContext } from './context.js';
import { ImportError } from './errors.js';
import { mapBasicData } from './map-basic-data.js';
import { mapOverall, mapProject } from './map-evaluation.js';
import { mapOtherFund } from './map-other-funds.js';
import { mapReport } from './map-report.js';
import { mapSignature } from './map-signature.js';
import { oneLine } from './normalize.js';
import { splitParts, titleYear, type Part, type PartKind } from './parts.js';
import { PART_NAMES, failedImport, type ImportResult, type PartId } from './result.js';
import type { OfficeConverter } from './office-formats.js';
import { readSource } from './sniff.js';
import type { SourceDocument } from './source.js';

const PART_OF_KIND: Record<PartKind, PartId> = {
  basicData: 'basicData',
  overall: 'overall',
  project: 'projects',
  governmentFund: 'otherFunds',
  stateCapital: 'otherFunds',
  socialInsurance: 'otherFunds',
  report: 'report',
};

export interface ImportOptions {
  /** The 附件1 form to read rows by (core's BASIC_DATA_FORM unless a test brings its own). */
  basicDataForm?: BasicDataFormSpec;
  /** Converts old Office files (.doc/.xls/.wps/.et); Node shells pass LibreOffice's (node/office.ts). */
  convertOffice?: OfficeConverter;
}

export async function importFile(data: Uint8Array, fileName: string, options: ImportOptions = {}): Promise<ImportResult> {
  let format: ImportResult['format'] = null;
  try {
    const source = await readSource(data, fileName, options.convertOffice);
    format = source.format;
    return mapDocument(source, fileName, options.basicDataForm ?? BASIC_DATA_FORM);
  } catch (error) {
    const message =
      error instanceof ImportError
        ? error.message
        : `导入时发生内部错误，文件未能读取（${error instanceof Error ? error.message : String(error)}）`;
    return failedImport(message, format);
  }
}

/** Maps a read document to a package. */
function mapDocument(source: SourceDocument, fileName: string, form: BasicDataFormSpec): ImportResult {
  const ctx = new ImportContext();
  const { parts } = splitParts(source.blocks, ctx);
  const year = documentYear(parts, fileName);
  const pkg = absentPackage(year?.year ?? 0, '');
  if (year === null)
    ctx.note('警告', '没有找到预算年度（表格或报告标题中的“YYYY年度”、“自评年度：”、填报日期或文件名），年度记为 0，请补填');
  else if (year.note) ctx.note(year.note.severity, year.note.message, year.note.location);

  mapSignature(source.blocks, pkg.signature, ctx);
  // A project table's 填报日期 printed above it, where no signature line gives one.
  pkg.signature.date ||= parts.flatMap((part) => part.fields).find((field) => field.key === 'date')?.value ?? '';
  const found = new Set<PartId>();
  const seen = new Set<PartKind>();
  for (const part of parts) {
    if (part.kind !== 'project' && seen.has(part.kind)) {
      ctx.note('警告', `${partName(part)}出现了不止一次，只导入了第一份；这一份的内容列在“未能识别”中`, part.location);
      continue;
    }
    seen.add(part.kind);
    found.add(PART_OF_KIND[part.kind]);
    mapPart(part, pkg, ctx, form);
  }
  // Figures the import could not place travel with the package: the checks say they are unknown.
  pkg.uncertain = ctx.uncertainRows.map(({ path, label, values, columns }) => ({ path, label, values, columns }));
  pkg.unit.name =
    pkg.basicData?.unitName ||
    pkg.overall?.unitName ||
    pkg.report?.cover.unitName ||
    projectUnit(parts, pkg.projects ?? []) ||
    // Last, the unit the report's title names ("2021年茂名市发展和改革局整体支出绩效自评报告").
    (REPORT_FORM.titleUnit.exec(toHalfWidth(pkg.report?.cover.title ?? ''))?.[1] ?? '');
  // 主管部门 is printed on 附件3, and on the cover of some form-style reports.
  pkg.unit.department = unitName(pkg.projects?.find((project) => project.department !== '')?.department || pkg.unit.department);
  const partsFound = (Object.keys(PART_NAMES) as PartId[]).filter((id) => found.has(id));
  const partsAbsent = (Object.keys(PART_NAMES) as PartId[]).filter((id) => !found.has(id));
  if (partsFound.length === 0) {
    throw new ImportError('文件中没有找到任何自评表格或自评报告（附件1–6、自评报告），请确认导入的是预算绩效自评材料');
  }
  const validation = parsePackage(pkg, form === BASIC_DATA_FORM ? undefined : packageSpecFor({ basicData: form }));
  if (!validation.ok) {
    for (const issue of validation.issues) ctx.note('警告', `导入结果不符合数据格式：${issue.label}（${issue.path}）${issue.message}`);
  }
  return {
    ok: true,
    format: source.format,
    // The validated copy holds every row in form order, whatever order the file printed them in.
    package: validation.ok ? validation.package : pkg,
    partsFound,
    partsAbsent,
    unmapped: ctx.unmapped(source.blocks),
    uncertainRows: ctx.uncertainRows,
    notes: ctx.notes,
    errors: [],
  };
}

interface YearReading {
  year: number;
  /** where the year was read, when no title names it */
  note?: { severity: '提示' | '警告'; message: string; location?: string };
}

/**
 * The evaluated year, from the most certain source there is: a title's "2023年度"; a "自评年度：2022"
 * field; a title's bare "2023年"; 附件1's headers; the file's name; last, the year before 填报日期
 * (a self-evaluation is filled in the year after the one it evaluates).
 */
function documentYear(parts: Part[], fileName: string): YearReading | null {
  const titled = parts.map((part) => titleYear(part.title)).filter((y) => y !== null);
  const certain = titled.find((y) => y.certain);
  if (certain) return { year: certain.year };
  const fields = parts.flatMap((part) => part.fields);
  const fieldYear = (key: PreambleKey) => {
    const field = fields.find((f) => f.key === key && /\d{4}/.test(toHalfWidth(f.value)));
    return field ? { field, year: Number(/\d{4}/.exec(toHalfWidth(field.value))![0]) } : null;
  };
  const declared = fieldYear('year');
  if (declared) {
    const { field, year } = declared;
    return {
      year,
      note: { severity: '提示', message: `标题中没有年度，按“${field.label}：${field.value}”取 ${year} 年`, location: field.location },
    };
  }
  if (titled[0]) return { year: titled[0].year };
  const header = headerYear(parts);
  if (header !== null)
    return { year: header, note: { severity: '提示', message: `标题中没有年度，按附件1 表头（“${header}年决算数”等）取 ${header} 年` } };
  const named = titleYear(fileName);
  if (named) return { year: named.year, note: { severity: '提示', message: `表格中没有年度，按文件名“${fileName}”取 ${named.year} 年` } };
  const { spoken, dated } = textYears(parts);
  if (spoken) {
    const message = `标题和表格中没有年度，按正文“${spoken.quote}”等处所写取 ${spoken.year} 年，请核对`;
    return { year: spoken.year, note: { severity: '警告', message, location: spoken.location } };
  }
  const filled = fieldYear('date');
  const date = filled
    ? { year: filled.year, quote: `${filled.field.label}：${filled.field.value}`, location: filled.field.location }
    : dated;
  if (date) {
    const year = date.year - 1;
    const message = `标题和表格中没有年度，按“${date.quote}”推定为上一年度 ${year} 年（自评在次年填报），请核对`;
    return { year, note: { severity: '警告', message, location: date.location } };
  }
  return null;
}

interface YearInText {
  year: number;
  /** the words that name it, as a message quotes them */
  quote: string;
  location: string;
}

/**
 * Years the text names, where nothing else names the evaluated year (a report printed without its
 * title: "本办对2017年度部门整体支出绩效作了综合评价"). `spoken`: the year it speaks of most ("2017年度"
 * counts twice, a bare "2017年" once, the earliest written wins a tie), a date not counted; `dated`: the
 * first date written ("报告日期:2020年6月30日"), for lack of anything better.
 */
function textYears(parts: Part[]): { spoken: YearInText | null; dated: YearInText | null } {
  const counts = new Map<number, { count: number; first: YearInText }>();
  let dated: YearInText | null = null;
  const quote = (text: string, at: number) => oneLine(text.slice(Math.max(0, at - 6), at + 14)).trim();
  for (const part of parts)
    for (const block of part.blocks) {
      const texts = block.kind === 'paragraph' ? [block.text] : block.cells.map((cell) => cell.text);
      for (const written of texts) {
        const text = toHalfWidth(written);
        for (const match of text.matchAll(/(?<!\d)((?:19|20)\d{2})\s*年(度)?(\s*\d{1,2}\s*月)?/g)) {
          const year = Number(match[1]);
          const found = { year, quote: quote(written, match.index), location: block.location };
          if (match[3]) {
            dated ??= found;
            continue;
          }
          const entry = counts.get(year);
          if (entry) entry.count += match[2] ? 2 : 1;
          else counts.set(year, { count: match[2] ? 2 : 1, first: found });
        }
      }
    }
  let spoken: { count: number; first: YearInText } | null = null;
  for (const entry of counts.values()) if (!spoken || entry.count > spoken.count) spoken = entry;
  return { spoken: spoken?.first ?? null, dated };
}

/**
 * The unit a file of project tables comes from: the 单位名称 printed above a table, else the first
 * 实施单位 — or its 主管部门 where the 实施单位 is a division of it (a 股).
 */
function projectUnit(parts: Part[], projects: ProjectEvaluation[]): string {
  const printed = parts.flatMap((part) => part.fields).find((field) => field.key === 'unit' && field.value !== '');
  if (printed) return unitName(printed.value);
  const project = projects.find((p) => p.implementer !== '');
  if (!project) return '';
  const division = PROJECT_FORM.internalDivision.test(project.implementer) && project.department !== '';
  return unitName(division ? project.department : project.implementer);
}

/** A unit's name without the code or platform suffix a table prints with it. */
function unitName(printed: string): string {
  return PROJECT_FORM.unitNameAffixes.reduce((name, affix) => name.replace(affix, ''), printed.trim());
}

/** Without titles (a hand-made sheet), 附件1's headers still name the year: "2023年决算数" → 2023. */
function headerYear(parts: Part[]): number | null {
  let year: number | null = null;
  for (const part of parts) {
    if (part.kind !== 'basicData') continue;
    for (const block of part.blocks) {
      if (block.kind !== 'row') continue;
      for (const cell of block.cells) {
        const match = /(\d{4})\s*年\s*(?:预算数|决算数|实际在职人数)/.exec(cell.text);
        if (match) year = Math.max(year ?? 0, Number(match[1]));
      }
    }
  }
  return year;
}

function partName(part: Part): string {
  return part.title || PART_NAMES[PART_OF_KIND[part.kind]];
}

/** Where a part stands in the package: an uncertain row of it is placed there when its mapper knows no closer place. */
function scopeOf(part: Part, pkg: Package): string {
  switch (part.kind) {
    case 'project':
      return `projects[${pkg.projects?.length ?? 0}]`;
    case 'governmentFund':
    case 'stateCapital':
    case 'socialInsurance':
      return `otherFunds.${part.kind}`;
    default:
      return part.kind;
  }
}

function mapPart(part: Part, pkg: Package, ctx: ImportContext, form: BasicDataFormSpec): void {
  ctx.scope = scopeOf(part, pkg);
  switch (part.kind) {
    case 'basicData':
      pkg.basicData = mapBasicData(part, ctx, form);
      return;
    case 'overall': {
      const { overall, layout, unitHead } = mapOverall(part, ctx);
      pkg.overall = overall;
      pkg.layout.overall = layout;
      // a signature line under the tables, read first, names who signs
      pkg.signature.unitHead ||= unitHead;
      return;
    }
    case 'project': {
      const { project, layout } = mapProject(part, ctx);
      // The first table names the package's layout (the unit uses one layout for all its tables); an
      // empty template before it names it only until a table with a project follows.
      if (pkg.projects === null || (project && pkg.projects.length === 0)) pkg.layout.project = layout;
      pkg.projects ??= [];
      if (project) pkg.projects.push(project);
      return;
    }
    case 'governmentFund':
    case 'stateCapital':
    case 'socialInsurance':
      pkg.otherFunds[part.kind] = mapOtherFund(part, ctx);
      return;
    case 'report': {
      const { report, department } = mapReport(part, ctx);
      pkg.report = report;
      pkg.unit.department = department;
      return;
    }
  }
}
