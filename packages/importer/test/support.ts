/** Shared fixtures for the importer tests: the seed, the example and comparison helpers. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parsePackageJson } from '@jixiao/core';
import type { Package } from '@jixiao/core';

/** shared/ lies beside the repository, here and in CI. */
export const SEED_PATH = fileURLToPath(new URL('../../../../shared/seed/000_e0a24521fb6c3de6.txt', import.meta.url));
const EXAMPLE_PATH = new URL('../../../examples/lvxianting-2023.json', import.meta.url);

/** The seed as published text. */
export function seedText(): string {
  return readFileSync(SEED_PATH, 'utf8');
}

export function example(): Package {
  const parsed = parsePackageJson(readFileSync(EXAMPLE_PATH, 'utf8'));
  if (!parsed.ok) throw new Error(`examples/lvxianting-2023.json 无效：${JSON.stringify(parsed.issues)}`);
  return parsed.package;
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

/** Deterministic pseudo-random numbers (mulberry32), so a failing fuzz case can be replayed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Chinese message: the user-facing error contract. */
export const CHINESE = /[\u4e00-\u9fff]/;
