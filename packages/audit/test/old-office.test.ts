/**
 * Old Office files (.doc, .xls, and WPS's .wps, .et) converted by the LibreOffice on this machine read
 * to the same 附件1 as the DOCX/XLSX of the same table. Skipped, saying so, without LibreOffice.
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { canonicalPackage } from '@jixiao/core';
import { hasSoffice, officeFile, readGrid, type Material } from '../../../corpus/tools/formats.js';
import { ImportPool } from '../src/index.js';

const cache = join(tmpdir(), 'jixiao-test-office');
const material = (name: string): Material => ({
  tables: readGrid(readFileSync(new URL(`../../importer/test/fixtures/basic-data/${name}.tsv`, import.meta.url), 'utf8')),
  paragraphs: [],
});

describe.skipIf(!hasSoffice())('old Office files through LibreOffice', () => {
  const pool = new ImportPool({ size: 1 });
  afterAll(() => pool.close());

  test.each([
    ['doc', 'doc', 'docx'],
    ['xls', 'xls', 'xlsx'],
    ['doc', 'wps', 'docx'],
    ['xls', 'et', 'xlsx'],
  ] as const)('a .%s made by LibreOffice, named .%s, reads to the same 附件1 as its .%s', async (old, named, modern) => {
    const name = 'district-2023';
    // WPS writes .wps/.et in the same binary formats as .doc/.xls.
    const converted = await pool.import(officeFile(material(name), old, name, cache), `${name}.${named}`);
    const direct = await pool.import(officeFile(material(name), modern, name, cache), `${name}.${modern}`);
    expect(converted.errors).toEqual([]);
    expect(converted.format).toBe(named);
    expect(canonicalPackage(converted.package!).basicData).toEqual(canonicalPackage(direct.package!).basicData);
  });
});

if (!hasSoffice()) console.warn('跳过旧版 Office 文件的测试：没有找到 soffice（LibreOffice）');
