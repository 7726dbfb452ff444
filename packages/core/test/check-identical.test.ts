/**
 * check() gives exactly what it gave before the engine was made faster: every finding (rule, severity,
 * message, location), its order, the counts, the absent parts and every computed figure, on the seed,
 * on seed-shaped packages with their own figures and report text (the bench's), and on synthetic ones.
 * The fixture was written by the engine before that work; a change to a rule's output is meant to show
 * up here, and is accepted by regenerating it (`npx vitest run -u packages/core/test/check-identical.test.ts`).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seedVariants } from '../../../bench/seed-variants.mjs';
import { check, parsePackage, syntheticPackage, type Package } from '../src/index.js';
import { EXAMPLE_PATH } from './example.js';

const seed: unknown = JSON.parse(readFileSync(EXAMPLE_PATH, 'utf8'));

function parsed(raw: unknown): Package {
  const result = parsePackage(raw);
  if (!result.ok) throw new Error(`does not validate: ${JSON.stringify(result.issues)}`);
  return result.package;
}

/** What a check says, with the computed figures as a digest of their JSON (all of them, compactly). */
function outcome(pkg: Package) {
  const { computed, findings, counts, absent } = check(pkg);
  return { counts, absent, findings, computed: createHash('sha256').update(JSON.stringify(computed)).digest('hex') };
}

const packages: [string, Package][] = [
  ['seed', parsed(seed)],
  ...seedVariants(seed, 48).map((raw, i): [string, Package] => [`seed variant ${i}`, parsed(raw)]),
  ...[1, 2, 3].map((n): [string, Package] => [`synthetic ${n}`, parsed(JSON.parse(JSON.stringify(syntheticPackage(n, { projects: 5 }))))]),
];

describe('check() output stays identical', () => {
  it('on the seed, 48 seed-shaped packages and 3 synthetic ones', async () => {
    const first = packages.map(([name, pkg]) => ({ name, ...outcome(pkg) }));
    await expect(JSON.stringify(first, null, 1)).toMatchFileSnapshot('./fixtures/check-identical.json');
  });

  it('when a package is checked again (paragraphs already read)', () => {
    for (const [name, pkg] of packages.slice(0, 6)) expect({ name, ...outcome(pkg) }).toEqual({ name, ...outcome(pkg) });
  });
});
