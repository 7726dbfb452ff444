/** The canonical example, loaded fresh for each test so that mutations never leak between tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePackageJson, type BasicData, type CompletePackage, type NamedYearRow, type YearColumns } from '../src/index.js';

export type { CompletePackage } from '../src/index.js';

export const EXAMPLE_PATH = fileURLToPath(new URL('../../../examples/lvxianting-2023.json', import.meta.url));
const source = readFileSync(EXAMPLE_PATH, 'utf8');

export function example(): CompletePackage {
  const result = parsePackageJson(source);
  if (!result.ok) throw new Error(`example does not validate: ${JSON.stringify(result.issues)}`);
  return result.package as CompletePackage;
}

/** A row of 附件1 the seed has. */
export function row(pkg: CompletePackage, id: keyof BasicData['rows']): YearColumns {
  const found = pkg.basicData.rows[id];
  if (!found) throw new Error(`附件1 has no row ${id}`);
  return found;
}

/** The lines listed under a row of 附件1 (created empty where there are none yet). */
export function lines(pkg: CompletePackage, id: keyof BasicData['lines']): NamedYearRow[] {
  return (pkg.basicData.lines[id] ??= []);
}
