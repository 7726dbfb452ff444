/**
 * Figures an import could not place (model.ts UncertainFigures) are unknown, not blank: what the
 * checks would compute from them is not a finding. This works out which findings rest on such a row:
 * those about the row itself, the rows it adds up into (by the form's parents and line lists), and
 * the table an incomplete indicator list belongs to.
 */
import type { BasicDataFormSpec } from './forms/basic-data.js';
import type { Package } from './model.js';
import type { Finding, Part } from './rules/types.js';

/** Where an uncertain row lies, by the first step of its path. */
export function partOfPath(path: string): Part {
  if (path.startsWith('basicData')) return '附件1';
  if (path.startsWith('overall')) return '附件2';
  if (path.startsWith('projects')) return '附件3';
  if (path.startsWith('otherFunds.governmentFund')) return '附件4';
  if (path.startsWith('otherFunds.stateCapital')) return '附件5';
  if (path.startsWith('otherFunds.socialInsurance')) return '附件6';
  if (path.startsWith('report')) return '报告';
  return '包';
}

const within = (path: string, scope: string) => path === scope || path.startsWith(`${scope}.`) || path.startsWith(`${scope}[`);

/** The paths and row labels whose figures rest on the package's uncertain rows. */
function unknownScopes(pkg: Package, form: BasicDataFormSpec): { paths: string[]; labels: string[] } {
  const paths: string[] = [];
  const labels: string[] = [];
  const byId = new Map(form.rows.map((row) => [row.id, row]));
  for (const entry of pkg.uncertain) {
    paths.push(entry.path);
    labels.push(entry.label);
    // 附件1: a row (or a line of a row) counts into its parent rows, up to the top.
    const match = /^basicData\.(?:rows\.(\w+)|lines\.(\w+)\[\d+\])/.exec(entry.path);
    let id = match?.[1] ?? match?.[2];
    if (match?.[2]) paths.push(`basicData.rows.${match[2]}`);
    while (id !== undefined) {
      const spec = byId.get(id);
      if (!spec) break;
      paths.push(`basicData.rows.${spec.id}`);
      labels.push(spec.label);
      id = spec.parent;
    }
  }
  return { paths, labels };
}

/** Whether a finding computes with figures the package does not know. */
export function restsOnUnknown(pkg: Package, form: BasicDataFormSpec): (finding: Finding) => boolean {
  if (pkg.uncertain.length === 0) return () => false;
  const { paths, labels } = unknownScopes(pkg, form);
  return (finding) =>
    paths.some((scope) => within(finding.location.path, scope)) ||
    // Rules across tables and the report name the 附件1 row they compare with.
    labels.some((label) => finding.message.includes(`“${label}”`));
}

/**
 * Entries the user has now entered by hand: a cell written at or under an entry's path settles it (the
 * row's figures are the user's from then on, checked like any other).
 */
export function settleUncertain(pkg: Package, written: readonly string[]): void {
  if (pkg.uncertain.length === 0) return;
  pkg.uncertain = pkg.uncertain.filter((entry) => !written.some((path) => within(path, entry.path)));
}
