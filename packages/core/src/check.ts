/** Running the rules: a package in, its computed figures and findings out. */
import { compute, templateOf, type ComputedPackage } from './compute.js';
import { BASIC_DATA_FORM, type BasicDataFormSpec } from './forms/basic-data.js';
import { OTHER_FUNDS } from './forms/other-funds.js';
import { OVERALL_FORM } from './forms/overall.js';
import { PROJECT_FORM } from './forms/project.js';
import { REPORT_FORM } from './forms/report.js';
import type { Package } from './model.js';
import { RULES, type Finding, type Location, type Part, type Severity } from './rules/index.js';
import type { Template } from './templates.js';
import { settleTotals } from './totals.js';
import { restsOnUnknown } from './uncertain.js';
import { UNCERTAIN_RULE_ID } from './rules/uncertain.js';

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
  const form = (part: Part, name: string) => ({ part, name: `${part} ${name}` });
  if (pkg.basicData === null) absent.push(form(BASIC_DATA_FORM.part, BASIC_DATA_FORM.name));
  if (pkg.overall === null) absent.push(form(OVERALL_FORM.part, OVERALL_FORM.name));
  if (pkg.projects === null) absent.push(form(PROJECT_FORM.part, PROJECT_FORM.name));
  for (const fund of OTHER_FUNDS) if (pkg.otherFunds[fund.key] === null) absent.push(form(fund.part, `${fund.fund}支出情况表`));
  if (pkg.report === null) absent.push({ part: '报告', name: REPORT_FORM.name });
  return absent;
}

export function check(input: Package, template: Template = templateOf(input), form: BasicDataFormSpec = BASIC_DATA_FORM): CheckResult {
  // The rules read 附件1 with its totals as the template computes them, as every figure is computed.
  const pkg = settleTotals(input, template, form);
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
  const unknown = restsOnUnknown(pkg, form);
  const overrides = template.severityOverrides;
  const overridden = hasKeys(overrides);
  // One report function for every rule (the rule it reports for changes), not a new closure per rule.
  let ruleId = '';
  let severity: Severity = '错误';
  const report = (message: string, location: Location) => {
    const finding = { ruleId, severity, message, location };
    // A figure computed from a row the import could not place is unknown, not wrong.
    if (ruleId !== UNCERTAIN_RULE_ID && unknown(finding)) return;
    findings.push(finding);
    counts[severity] += 1;
  };
  for (const r of RULES) {
    ruleId = r.id;
    severity = (overridden ? overrides[r.id] : undefined) ?? r.severity;
    r.check(ctx, report);
  }
  return { computed, findings, counts, absent: absentParts(pkg) };
}

/** Whether a template changes any severity: most change none, and then no rule's id is looked up. */
function hasKeys(record: Record<string, unknown>): boolean {
  for (const _key in record) return true;
  return false;
}

/** The rules as users see them listed (`jixiao rules`). */
export function describeRules(template?: Template): { id: string; severity: Severity; description: string }[] {
  return RULES.map((r) => ({ id: r.id, severity: template?.severityOverrides[r.id] ?? r.severity, description: r.description }));
}
