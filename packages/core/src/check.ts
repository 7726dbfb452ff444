/** Running the rules: a package in, its computed figures and findings out. */
import { compute, templateOf, type ComputedPackage } from './compute.js';
import type { Package } from './model.js';
import { RULES, type Finding, type Severity } from './rules/index.js';
import type { Template } from './templates.js';

export interface CheckResult {
  computed: ComputedPackage;
  findings: Finding[];
  counts: Record<Severity, number>;
}

export const SEVERITIES: readonly Severity[] = ['错误', '警告', '提示'];

export function check(pkg: Package, template: Template = templateOf(pkg)): CheckResult {
  const computed = compute(pkg, template);
  const findings: Finding[] = [];
  const counts: Record<Severity, number> = { 错误: 0, 警告: 0, 提示: 0 };
  const shared = new Map<string, unknown>();
  const ctx = {
    pkg,
    computed,
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
  return { computed, findings, counts };
}

/** The rules as users see them listed (`jixiao rules`). */
export function describeRules(template?: Template): { id: string; severity: Severity; description: string }[] {
  return RULES.map((r) => ({ id: r.id, severity: template?.severityOverrides[r.id] ?? r.severity, description: r.description }));
}
