/** Shared fixtures for the importer tests: the seed, the example and comparison helpers. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePackageJson } from '@jixiao/core';
import type { CompletePackage } from '@jixiao/core';

/** shared/ lies beside the repository, here and in CI. */
export const SEED_PATH = fileURLToPath(new URL('../../../../shared/seed/000_e0a24521fb6c3de6.txt', import.meta.url));
const EXAMPLE_PATH = new URL('../../../examples/lvxianting-2023.json', import.meta.url);

/** The seed as published text. */
export function seedText(): string {
  return readFileSync(SEED_PATH, 'utf8');
}

export function example(): CompletePackage {
  const parsed = parsePackageJson(readFileSync(EXAMPLE_PATH, 'utf8'));
  if (!parsed.ok) throw new Error(`examples/lvxianting-2023.json 无效：${JSON.stringify(parsed.issues)}`);
  return parsed.package as CompletePackage;
}

export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function hasCommand(command: string): boolean {
  try {
    execFileSync('which', [command], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Deterministic pseudo-random numbers, so a failing fuzz case can be replayed. */
export { seededRandom as random } from '@jixiao/core';

/** A Chinese message: the user-facing error contract. */
export const CHINESE = /[\u4e00-\u9fff]/;
