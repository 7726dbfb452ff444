/**
 * Fuzzing with deterministic, seeded mutations of the seed as text, DOCX and XLSX: every mutant
 * must give either a package or a Chinese error of the importer's own, never a crash or a hang.
 * A failure names the mutation's seed, so it can be replayed.
 */
import { describe, expect, test } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { renderDocx, renderXlsx } from '@jixiao/documents';
import { importFile } from '../src/index.js';
import { CHINESE, bytes, example, random, seedText } from './support.js';

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const between = (rng: Rng, max: number) => Math.floor(rng() * max);

const NOISE = [
  '\t',
  ' \t',
  '',
  '总分',
  '其中：',
  '附件1',
  '2023年度预算单位整体支出绩效自评表',
  '/',
  '……',
  '１２３．４',
  '1,234.5万元',
  '&amp;',
  '<',
  '"',
  '\u0000',
  '\uFFFD',
  '𠀀',
];

/** Line-level mutations of the seed text. */
function mutateText(text: string, rng: Rng): string {
  const lines = text.split('\n');
  for (let n = 1 + between(rng, 5); n > 0; n--) {
    const at = between(rng, lines.length);
    switch (between(rng, 6)) {
      case 0:
        lines.splice(at, 1 + between(rng, 20));
        break;
      case 1:
        lines.splice(at, 0, ...lines.slice(at, at + 1 + between(rng, 30)));
        break;
      case 2:
        lines.splice(at, 0, pick(rng, NOISE));
        break;
      case 3:
        lines[at] = pick(rng, NOISE) + (lines[at] ?? '');
        break;
      case 4: {
        const other = between(rng, lines.length);
        [lines[at], lines[other]] = [lines[other]!, lines[at]!];
        break;
      }
      default:
        lines.length = at;
        break;
    }
  }
  return lines.join('\n');
}

/** Byte-level mutations of any file. */
function mutateBytes(data: Uint8Array, rng: Rng): Uint8Array {
  const out = data.slice();
  for (let n = 1 + between(rng, 8); n > 0; n--) out[between(rng, out.length)] = between(rng, 256);
  return rng() < 0.2 ? out.slice(0, between(rng, out.length)) : out;
}

/** Mutations inside a zip's XML parts, re-zipped, so they reach the XML reader and the mapper. */
function mutateZip(data: Uint8Array, rng: Rng): Uint8Array {
  const files = unzipSync(data);
  const xmlNames = Object.keys(files).filter((name) => name.endsWith('.xml'));
  for (let n = 1 + between(rng, 3); n > 0; n--) {
    const name = pick(rng, xmlNames);
    const xml = strFromU8(files[name]!);
    const at = between(rng, xml.length);
    const length = between(rng, 400);
    const edits = [
      () => xml.slice(0, at) + xml.slice(at + length),
      () => xml.slice(0, at) + xml.slice(at, at + length) + xml.slice(at),
      () => xml.slice(0, at) + pick(rng, NOISE) + xml.slice(at),
      () => xml.slice(0, at),
    ];
    files[name] = strToU8(pick(rng, edits)());
  }
  return zipSync(files);
}

async function expectHandled(data: Uint8Array, name: string, seed: number): Promise<void> {
  const result = await importFile(data, name);
  const context = `${name} 变异种子 ${seed}`;
  if (result.ok) {
    expect(result.package, context).not.toBeNull();
    expect(() => JSON.stringify(result.package), context).not.toThrow();
  } else {
    expect(result.errors[0], context).toMatch(CHINESE);
    expect(result.errors[0], context).not.toMatch(/内部错误/);
  }
}

describe('fuzzing the importer with mutated seed files', () => {
  test('2000 mutated texts', async () => {
    const text = seedText();
    for (let seed = 1; seed <= 2000; seed++) {
      const rng = random(seed);
      const data = seed % 10 === 0 ? mutateBytes(bytes(text), rng) : bytes(mutateText(text, rng));
      await expectHandled(data, 'seed.txt', seed);
    }
  });

  test('500 mutated DOCX files', async () => {
    const docx = await renderDocx(example());
    for (let seed = 1; seed <= 500; seed++) {
      const rng = random(seed);
      await expectHandled(seed % 3 === 0 ? mutateBytes(docx, rng) : mutateZip(docx, rng), 'seed.docx', seed);
    }
  });

  test('500 mutated XLSX files', async () => {
    const xlsx = await renderXlsx(example());
    for (let seed = 1; seed <= 500; seed++) {
      const rng = random(seed);
      await expectHandled(seed % 3 === 0 ? mutateBytes(xlsx, rng) : mutateZip(xlsx, rng), 'seed.xlsx', seed);
    }
  });
});
