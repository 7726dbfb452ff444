/**
 * How large a package may be. Real units have at most a few hundred project lines and tables; a file
 * far past that is a mistake or an attack, and rendering it would hold a worker for many minutes. The
 * limits are checked on save and import (the service) with Chinese messages that name the part.
 */
import type { Package } from './model.js';

export const PACKAGE_LIMITS = {
  /** lines of 附件1 (项目 and other itemised rows, all blocks together) */
  basicDataLines: 3_000,
  /** 附件3 project tables */
  projects: 1_000,
  /** 三级指标 of one 附件2 or 附件3 table */
  indicatorsPerTable: 300,
  /** rows of one 其他资金 table */
  otherFundRows: 1_000,
  /** paragraphs of the report, all sections together */
  reportParagraphs: 3_000,
  /** characters of any one text (a paragraph, a name, an explanation) */
  textLength: 20_000,
} as const;

export interface LimitIssue {
  path: string;
  message: string;
}

/** Where a package goes past a limit; empty when it stays within all. */
export function limitIssues(pkg: Package): LimitIssue[] {
  const issues: LimitIssue[] = [];
  const over = (path: string, count: number, limit: number, what: string) => {
    if (count > limit) issues.push({ path, message: `${what}共 ${count} 个，超过上限 ${limit} 个` });
  };
  if (pkg.basicData) {
    const lines = Object.values(pkg.basicData.lines).reduce((n, rows) => n + (rows?.length ?? 0), 0);
    over('basicData.lines', lines, PACKAGE_LIMITS.basicDataLines, '附件1 的明细行');
  }
  if (pkg.overall) over('overall.indicators', pkg.overall.indicators.length, PACKAGE_LIMITS.indicatorsPerTable, '附件2 的三级指标');
  if (pkg.projects) {
    over('projects', pkg.projects.length, PACKAGE_LIMITS.projects, '附件3 项目支出绩效自评表');
    pkg.projects
      .slice(0, PACKAGE_LIMITS.projects)
      .forEach((project, i) =>
        over(`projects[${i}].indicators`, project.indicators.length, PACKAGE_LIMITS.indicatorsPerTable, `附件3“${project.name}”的三级指标`),
      );
  }
  for (const [key, table] of Object.entries(pkg.otherFunds)) {
    if (table) over(`otherFunds.${key}.rows`, table.rows.length, PACKAGE_LIMITS.otherFundRows, '其他资金支出表的行');
  }
  if (pkg.report) {
    const paragraphs = pkg.report.sections.reduce((n, section) => n + section.paragraphs.length, pkg.report.opening.length);
    over('report.sections', paragraphs, PACKAGE_LIMITS.reportParagraphs, '自评报告的段落');
  }
  longTexts(pkg, 'package', issues);
  return issues;
}

/** Every text longer than the limit, by its path; one issue is enough to refuse, so stop after a few. */
function longTexts(value: unknown, path: string, issues: LimitIssue[]): void {
  if (issues.length >= 10) return;
  if (typeof value === 'string') {
    if (value.length > PACKAGE_LIMITS.textLength) {
      issues.push({ path, message: `文字长 ${value.length} 个字符，超过单项上限 ${PACKAGE_LIMITS.textLength} 个字符` });
    }
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => longTexts(item, `${path}[${i}]`, issues));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) longTexts(item, path === 'package' ? key : `${path}.${key}`, issues);
  }
}
