/** What a check is: an id, a severity, a description, and a function that reports findings. */
import type { ComputedPackage } from '../compute.js';
import type { BasicDataFormSpec } from '../forms/basic-data.js';
import type { Package } from '../model.js';
import type { Severity } from '../templates.js';

export type { Severity } from '../templates.js';

export type Part = '附件1' | '附件2' | '附件3' | '附件4' | '附件5' | '附件6' | '报告' | '包';

export interface Location {
  part: Part;
  /** JSON path into the package, e.g. `basicData.projectSpending.specialItems[3].actual` */
  path: string;
  /** the row as a reader names it, e.g. `环卫工人工资` */
  row?: string;
  /** the column, e.g. `本年决算数` */
  column?: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  location: Location;
}

export interface RuleContext {
  pkg: Package;
  computed: ComputedPackage;
  /** The 附件1 form the package is read with (its rows and their identities). */
  form: BasicDataFormSpec;
  /** Work several rules share (e.g. reading the report's figures), done once per check. */
  memo<T>(key: string, make: () => T): T;
}

export type Report = (message: string, location: Location) => void;

export interface Rule {
  id: string;
  severity: Severity;
  /** one line, Chinese: what the rule checks */
  description: string;
  check(ctx: RuleContext, report: Report): void;
}

/** Plain rule definitions; the file they stand in says which table they belong to. */
export function rule(id: string, severity: Severity, description: string, check: Rule['check']): Rule {
  return { id, severity, description, check };
}
