/** importFile: bytes of a text, DOCX or XLSX file in, a package with a full account of what was read out. */
import { BASIC_DATA_FORM, absentPackage, packageSpecFor, parsePackage, type BasicDataFormSpec } from '@jixiao/core';
import type { Package } from '@jixiao/core';
import { ImportContext } from './context.js';
import { ImportError } from './errors.js';
import { mapBasicData } from './map-basic-data.js';
import { mapOverall, mapProject } from './map-evaluation.js';
import { mapOtherFund } from './map-other-funds.js';
import { mapReport } from './map-report.js';
import { mapSignature } from './map-signature.js';
import { splitParts, titleYear, type Part, type PartKind } from './parts.js';
import { PART_NAMES, type ImportResult, type PartId } from './result.js';
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
}

export async function importFile(data: Uint8Array, fileName: string, options: ImportOptions = {}): Promise<ImportResult> {
  let format: ImportResult['format'] = null;
  try {
    const source = await readSource(data, fileName);
    format = source.format;
    return mapDocument(source, options.basicDataForm ?? BASIC_DATA_FORM);
  } catch (error) {
    const message =
      error instanceof ImportError
        ? error.message
        : `导入时发生内部错误，文件未能读取（${error instanceof Error ? error.message : String(error)}）`;
    return {
      ok: false,
      format,
      package: null,
      partsFound: [],
      partsAbsent: [],
      unmapped: [],
      uncertainRows: [],
      notes: [],
      errors: [message],
    };
  }
}

/** Maps a read document to a package. */
function mapDocument(source: SourceDocument, form: BasicDataFormSpec): ImportResult {
  const ctx = new ImportContext();
  const { parts } = splitParts(source.blocks, ctx);
  const titled = parts.map((part) => titleYear(part.title)).find((y) => y !== null) ?? null;
  const year = titled ?? headerYear(parts);
  const pkg = absentPackage(year ?? 0, '');
  if (year === null) ctx.note('警告', '没有找到预算年度（表格或报告标题中的“YYYY年度”），年度记为 0，请补填');
  else if (titled === null) ctx.note('提示', `标题中没有年度，按附件1 表头（“${year}年决算数”等）取 ${year} 年`);

  mapSignature(source.blocks, pkg.signature, ctx);
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
  const firstProject = pkg.projects?.[0];
  pkg.unit.name = pkg.basicData?.unitName || pkg.overall?.unitName || pkg.report?.cover.unitName || firstProject?.implementer || '';
  // 主管部门 is printed only on 附件3.
  pkg.unit.department = pkg.projects?.find((project) => project.department !== '')?.department ?? '';
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

function mapPart(part: Part, pkg: Package, ctx: ImportContext, form: BasicDataFormSpec): void {
  switch (part.kind) {
    case 'basicData':
      pkg.basicData = mapBasicData(part, ctx, form);
      return;
    case 'overall':
      pkg.overall = mapOverall(part, ctx);
      return;
    case 'project': {
      const { project, layout } = mapProject(part, ctx);
      // The first table names the package's layout; the unit uses one layout for all its tables.
      if (pkg.projects === null) pkg.layout.project = layout;
      pkg.projects ??= [];
      if (project) pkg.projects.push(project);
      return;
    }
    case 'governmentFund':
    case 'stateCapital':
    case 'socialInsurance':
      pkg.otherFunds[part.kind] = mapOtherFund(part, ctx);
      return;
    case 'report':
      pkg.report = mapReport(part, ctx);
      return;
  }
}
