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

  it('when a package is checked again (paragraphs already read, then kept with what the rules read from them)', () => {
    for (const [name, pkg] of packages.slice(0, 6)) {
      const first = { name, ...outcome(pkg) };
      // The second check keeps each paragraph's reading, the third reuses what the rules kept with it.
      expect({ name, ...outcome(pkg) }).toEqual(first);
      expect({ name, ...outcome(pkg) }).toEqual(first);
    }
  });

  it('when the tables change under a report already read: the kept readings follow the new project names', () => {
    const pkg = parsed(seed);
    for (let i = 0; i < 3; i++) check(pkg);
    const line = pkg.basicData!.lines.localSpecial!.find((l) => l.name === '环卫工人工资')!;
    line.actual = '395.18';
    expect(
      check(pkg)
        .findings.filter((f) => f.ruleId === 'r.project-amount')
        .map((f) => f.message),
    ).toEqual([expect.stringContaining('与附件1“环卫工人工资”本年决算数 395.18 万元不符')]);
    line.name = '环卫工人薪资';
    expect(
      check(pkg)
        .findings.filter((f) => f.ruleId === 'r.project-name')
        .map((f) => f.message),
    ).toContainEqual(expect.stringContaining('报告中的项目名称“环卫工人工资”与附件1 的“环卫工人薪资”不一致'));
  });
});
