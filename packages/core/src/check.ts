/** Running the rules: a package in, its computed figures and findings out. */
import { compute, templateOf, type ComputedPackage } from './compute.js';
import { BASIC_DATA_FORM, type BasicDataFormSpec } from './forms/basic-data.js';
import { OTHER_FUNDS } from './forms/other-funds.js';
import type { Package } from './model.js';
import { RULES, type Finding, type Part, type Severity } from './rules/index.js';
import type { Template } from './templates.js';

export interface CheckResult {
  computed: ComputedPackage;
  findings: Finding[];
  counts: Record<Severity, number>;
  /** Parts the package does not contain: reported here once, and never checked as if they were zeros. */
  absent: AbsentPart[];
}

export interface AbsentPart {
  part: Part;
  name: string;
}

export const SEVERITIES: readonly Severity[] = ['错误', '警告', '提示'];

/** The parts a package lacks (null), in document order. */
export function absentParts(pkg: Package): AbsentPart[] {
  const absent: AbsentPart[] = [];
  if (pkg.basicData === null) absent.push({ part: '附件1', name: '附件1 基础数据表' });
  if (pkg.overall === null) absent.push({ part: '附件2', name: '附件2 整体支出绩效自评表' });
  if (pkg.projects === null) absent.push({ part: '附件3', name: '附件3 项目支出绩效自评表' });
  for (const fund of OTHER_FUNDS) {
    if (pkg.otherFunds[fund.key] === null) absent.push({ part: fund.part, name: `${fund.part} ${fund.fund}支出情况表` });
  }
  if (pkg.report === null) absent.push({ part: '报告', name: '自评报告' });
  return absent;
}

export function check(pkg: Package, template: Template = templateOf(pkg), form: BasicDataFormSpec = BASIC_DATA_FORM): CheckResult {
  const computed = compute(pkg, template, form);
  const findings: Finding[] = [];
  const counts: Record<Severity, number> = { 错误: 0, 警告: 0, 提示: 0 };
  const shared = new Map<string, unknown>();
  const ctx = {
    pkg,
    computed,
    form,
    memo<T>(key: string, make: () => T): T {
      if (!shared.has(key)) shared.set(key, make());
      return shared.get(key) as T;
    },
  };
  for (const r of RULES) {
    const severity = template.severityOverrides[r.id] ?? r.severity;
    r.check(ctx, (message, location) => {
      findings.push({ ruleId: r.id, severity, message, location });
      counts[severity] += 1;
    });
  }
  return { computed, findings, counts, absent: absentParts(pkg) };
}

/** The rules as users see them listed (`jixiao rules`). */
export function describeRules(template?: Template): { id: string; severity: Severity; description: string }[] {
  return RULES.map((r) => ({ id: r.id, severity: template?.severityOverrides[r.id] ?? r.severity, description: r.description }));
}
