/** The canonical example, loaded fresh for each test so that mutations never leak between tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePackageJson, type Package } from '../src/index.js';

export const EXAMPLE_PATH = fileURLToPath(new URL('../../../examples/lvxianting-2023.json', import.meta.url));
const source = readFileSync(EXAMPLE_PATH, 'utf8');

export function example(): Package {
  const result = parsePackageJson(source);
  if (!result.ok) throw new Error(`example does not validate: ${JSON.stringify(result.issues)}`);
  return result.package;
}
