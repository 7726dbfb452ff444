/** One file of an audit: what was found in it and what the checks say, in a form that fits a table row. */
import { SEVERITIES, check, parsePackageJson, type Finding, type Package, type Severity } from '@jixiao/core';
import { PART_NAMES, type ImportResult, type PartId } from '@jixiao/import';

export interface AuditFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** 附件1 … 报告 */
  part: string;
  /** the row and column the finding is about, as a reader names them ("三公经费 · 本年决算数") */
  where: string;
}

export interface AuditFile {
  /** The file's path inside the folder or ZIP audited. */
  file: string;
  /** How it was read (txt, docx, pdf …); null when it could not be read at all. */
  format: string | null;
  unit: string;
  year: number | null;
  /** The parts found, by name; the rest are absent (reported once here, never checked as zeros). */
  parts: string[];
  projects: number;
  counts: Record<Severity, number>;
  /** 附件2 总分 (2 decimals) where the file has a scored 附件2 */
  total: string | null;
  grade: string | null;
  /** pieces of text the import could not place, and rows whose figures it could not place */
  unmapped: number;
  uncertain: number;
  /** Why the file could not be read (Chinese); null when it was. */
  error: string | null;
  findings: AuditFinding[];
}

const NO_COUNTS = (): Record<Severity, number> => ({ 错误: 0, 警告: 0, 提示: 0 });

/** A file that could not be read or checked: its row says why. */
export function failedFile(file: string, error: string, format: string | null = null): AuditFile {
  return {
    file,
    format,
    unit: '',
    year: null,
    parts: [],
    projects: 0,
    counts: NO_COUNTS(),
    total: null,
    grade: null,
    unmapped: 0,
    uncertain: 0,
    error,
    findings: [],
  };
}

function auditFinding(finding: Finding): AuditFinding {
  const { part, row, column } = finding.location;
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    part,
    where: [row, column].filter(Boolean).join(' · '),
  };
}

/** The audit row of an imported file: the import's account and the package's check. */
export function auditImported(file: string, result: ImportResult): AuditFile {
  if (!result.ok || !result.package) return failedFile(file, result.errors.join('；') || '文件未能读取', result.format);
  return auditPackage(file, result.package, {
    format: result.format,
    parts: result.partsFound.map((id) => PART_NAMES[id]),
    unmapped: result.unmapped.length,
  });
}

/** The audit row of a package file (JSON): its parts are those it holds. */
export function auditPackageJson(file: string, json: string): AuditFile {
  const parsed = parsePackageJson(json);
  if (!parsed.ok) {
    const first = parsed.issues[0];
    return failedFile(file, `不是有效的绩效自评包：${first ? `${first.label}（${first.path}）${first.message}` : ''}`, 'json');
  }
  const pkg = parsed.package;
  const held: Record<PartId, boolean> = {
    basicData: pkg.basicData !== null,
    overall: pkg.overall !== null,
    projects: pkg.projects !== null,
    otherFunds: Object.values(pkg.otherFunds).some((table) => table !== null),
    report: pkg.report !== null,
  };
  const parts = (Object.keys(held) as PartId[]).filter((id) => held[id]).map((id) => PART_NAMES[id]);
  return auditPackage(file, pkg, { format: 'json', parts, unmapped: 0 });
}

function auditPackage(file: string, pkg: Package, read: { format: string | null; parts: string[]; unmapped: number }): AuditFile {
  const checked = check(pkg);
  const overall = pkg.overall && pkg.overall.indicators.length > 0 ? checked.computed.overall : null;
  return {
    file,
    format: read.format,
    unit: pkg.unit.name,
    year: pkg.year === 0 ? null : pkg.year,
    parts: read.parts,
    projects: pkg.projects?.length ?? 0,
    counts: checked.counts,
    total: overall?.total ? overall.total.toFixed(2) : null,
    grade: overall?.grade ?? null,
    unmapped: read.unmapped,
    uncertain: pkg.uncertain.length,
    error: null,
    findings: checked.findings.map(auditFinding),
  };
}

/** Totals over the files of an audit. */
export function auditTotals(files: readonly AuditFile[]): { files: number; failed: number; counts: Record<Severity, number> } {
  const counts = NO_COUNTS();
  for (const file of files) for (const severity of SEVERITIES) counts[severity] += file.counts[severity];
  return { files: files.length, failed: files.filter((f) => f.error !== null).length, counts };
}
