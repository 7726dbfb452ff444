import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { compute, type Package, preparedReport } from '@jixiao/core';
import { projectPackage } from '../../../bench/documents-fixture.mjs';
import { attachments, fontPath, renderPdf } from '../src/index.js';
import { FONT_ROLES } from '../src/fonts.js';
import { amountText } from '../src/text.js';
import { example, missing, pdfText, REPO, save, workDir } from './helpers.js';

const SEED = join(REPO, '../shared/seed/000_e0a24521fb6c3de6.txt');

/** Every character a rendered package sets: report text and every table cell. */
function renderedCharacters(pkg: Package): Set<string> {
  const computed = compute(pkg);
  const report = preparedReport(pkg, computed);
  const texts = [
    report.cover.title,
    report.cover.unitName,
    report.cover.date,
    ...report.sections.flatMap((s) => [s.heading, ...s.paragraphs]),
    ...report.attachmentList,
    ...attachments(pkg, computed).flatMap((a) => [a.label, a.title, ...a.rows.flat().map((c) => c?.text ?? '')]),
    '部门（单位）名称：（盖章）— 0123456789 —单位负责人签字：填表人：联系电话：填报日期：',
  ];
  return new Set([...texts.join('')].filter((ch) => !/\s/.test(ch)));
}

describe('fonts', () => {
  it('come from npm packages and cover every character the seed renders, in every role', () => {
    const chars = renderedCharacters(example());
    if (existsSync(SEED)) for (const ch of readFileSync(SEED, 'utf8')) if (!/\s/.test(ch) && ch !== '\uFFFD') chars.add(ch);
    expect(chars.size).toBeGreaterThan(800);
    for (const role of FONT_ROLES) {
      expect(fontPath(role)).toMatch(/node_modules\/@expo-google-fonts\//);
      const font = fontkit.openSync(fontPath(role)) as fontkit.Font;
      const absent = [...chars].filter((ch) => !font.hasGlyphForCodePoint(ch.codePointAt(0) as number));
      expect(absent, `${role} 字体缺字`).toEqual([]);
    }
  });
});

describe('renderPdf', () => {
  const noPoppler = missing('pdftotext', 'pdffonts', 'pdfinfo');

  it.skipIf(noPoppler !== null)(`embeds font subsets and has searchable text with every project name and amount ${noPoppler ?? ''}`, async () => {
    const pkg = projectPackage(example(), 2) as Package;
    pkg.projects[1]!.name = '洞庭湖岸线生态治理（二期）';
    pkg.projects[1]!.funds.executed = '123.456';
    const dir = workDir();
    const file = save(dir, 'seed.pdf', await renderPdf(pkg));
    const fonts = spawnSync('pdffonts', [file], { encoding: 'utf8' }).stdout.split('\n').slice(2).filter(Boolean);
    expect(fonts.length).toBe(3);
    // Columns: name type encoding emb sub uni — every font embedded, subset, with a ToUnicode map.
    for (const line of fonts) {
      expect(line).toMatch(/^[A-Z]{6}\+Noto/);
      expect(line).toMatch(/yes\s+yes\s+yes/);
    }
    const text = pdfText(file);
    const flat = text.replace(/\s+/g, '');
    for (const item of pkg.basicData.projectSpending.specialItems) {
      expect(flat).toContain(item.name);
      for (const cell of [item.prior, item.budget, item.actual]) expect(flat).toContain(amountText(cell));
    }
    for (const project of pkg.projects) {
      expect(flat).toContain(project.name);
      expect(flat).toContain(amountText(project.funds.executed));
    }
    expect(flat).toContain('123.456');
    expect(flat).toContain('实际支出为预算数的58.14%');
    // Page numbers on every page after the cover.
    const pages = Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout)?.[1]);
    expect(pages).toBeGreaterThan(15);
    for (const n of [1, 2, pages - 1]) expect(text).toMatch(new RegExp(`—\\s*${n}\\s*—`));
  });

  it('is an A4 PDF', async () => {
    const bytes = await renderPdf(example());
    const head = Buffer.from(bytes.subarray(0, 8)).toString('latin1');
    expect(head).toMatch(/^%PDF-1\.\d/);
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
  });
});
