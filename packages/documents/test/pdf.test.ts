import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { type CompletePackage, compute, type Package } from '@jixiao/core';
import { projectPackage } from '../../../bench/documents-fixture.mjs';
import { attachments, renderPdf } from '../src/index.js';
import { bundledFont, FONT_ROLES } from '../src/fonts.js';
import { amountText } from '../src/text.js';
import { example, missing, pdfText, SEED, save, workDir } from './helpers.js';

/** Every character a rendered package sets: report text and every table cell. */
function renderedCharacters(pkg: Package): Set<string> {
  const computed = compute(pkg);
  const report = pkg.report!;
  const texts = [
    report.cover.title,
    report.cover.unitName,
    report.cover.date,
    ...report.sections.flatMap((s) => [s.heading, ...s.paragraphs, s.explanation]),
    ...report.attachmentList,
    ...attachments(pkg, computed).flatMap((a) => [a.label, a.title, ...a.rows.flat().map((c) => c?.text ?? '')]),
    '部门（单位）名称：（盖章）— 0123456789 —单位负责人签字：填表人：联系电话：填报日期：',
  ];
  return new Set([...texts.join('')].filter((ch) => !/\s/.test(ch)));
}

describe('fonts', () => {
  it('bundled from npm packages cover every character the seed renders, in every role', () => {
    const chars = renderedCharacters(example());
    if (existsSync(SEED)) for (const ch of readFileSync(SEED, 'utf8')) if (!/\s/.test(ch) && ch !== '\uFFFD') chars.add(ch);
    expect(chars.size).toBeGreaterThan(800);
    for (const role of FONT_ROLES) {
      expect(bundledFont(role).path).toMatch(/node_modules\/@expo-google-fonts\//);
      const font = fontkit.openSync(bundledFont(role).path) as fontkit.Font;
      const absent = [...chars].filter((ch) => !font.hasGlyphForCodePoint(ch.codePointAt(0) as number));
      expect(absent, `${role} 字体缺字`).toEqual([]);
    }
  });
});

describe('renderPdf', () => {
  const noPoppler = missing('pdftotext', 'pdffonts', 'pdfinfo');

  it.skipIf(noPoppler !== null)(
    `embeds font subsets and has searchable text with every project name and amount ${noPoppler ?? ''}`,
    async () => {
      const pkg = projectPackage(example(), 2) as CompletePackage;
      pkg.projects[1]!.name = '洞庭湖岸线生态治理（二期）';
      pkg.projects[1]!.funds.executed = '123.456';
      const dir = workDir();
      const file = save(dir, 'seed.pdf', await renderPdf(pkg));
      const fonts = spawnSync('pdffonts', [file], { encoding: 'utf8' }).stdout.split('\n').slice(2).filter(Boolean);
      // 仿宋, 小标宋, 黑体 and 楷体 (小标宋 and 楷体 may be one font).
      expect(fonts.length).toBeGreaterThanOrEqual(3);
      // Columns: name type encoding emb sub uni — every font embedded, subset, with a ToUnicode map.
      for (const line of fonts) {
        expect(line).toMatch(/^[A-Z]{6}\+/);
        expect(line).toMatch(/yes\s+yes\s+yes/);
      }
      const text = pdfText(file);
      const flat = text.replace(/\s+/g, '');
      for (const item of pkg.basicData.lines.localSpecial ?? []) {
        expect(flat).toContain(item.name);
        for (const cell of [item.prior, item.budget, item.actual]) expect(flat).toContain(amountText(cell));
      }
      for (const project of pkg.projects) {
        expect(flat).toContain(project.name);
        expect(flat).toContain(amountText(project.funds.executed));
      }
      // Amounts print at 2 decimals, half-up; the package keeps the exact value.
      expect(flat).toContain('123.46');
      expect(flat).not.toContain('123.456');
      expect(flat).toContain('实际支出为预算数的58.14%');
      // Page numbers on every page after the cover.
      const pages = Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout)?.[1]);
      expect(pages).toBeGreaterThan(15);
      for (const n of [1, 2, pages - 1]) expect(text).toMatch(new RegExp(`—\\s*${n}\\s*—`));
    },
  );

  it.skipIf(noPoppler !== null)(`repeats a table's heading rows at the top of each page it runs onto ${noPoppler ?? ''}`, async () => {
    const pkg = projectPackage(example(), 1) as CompletePackage;
    const project = pkg.projects[0]!;
    project.name = '城区道路提质改造';
    // 附件3 with 40 indicators and 附件4 with 80 lines: both run onto further pages.
    project.indicators = Array.from({ length: 40 }, (_, i) => ({
      ...project.indicators[i % project.indicators.length]!,
      name: `第${i + 1}项三级指标`,
    }));
    pkg.otherFunds.governmentFund = {
      rows: Array.from({ length: 80 }, (_, i) => ({ name: `政府性基金项目${i + 1}`, budget: '1', actual: '1' })),
      note: '',
    };
    const file = save(workDir(), 'long.pdf', await renderPdf(pkg));
    const pages = pdfText(file)
      .split('\f')
      .map((page) => page.replace(/\s+/g, ''));
    /** The pages a table runs onto after the one with its title. */
    const continuation = (title: string, last: string) => {
      const from = pages.findIndex((page) => page.includes(title));
      const to = pages.map((page) => page.includes(last)).lastIndexOf(true);
      expect(to, `${title} 应跨页`).toBeGreaterThan(from);
      return { from, pages: pages.slice(from + 1, to + 1) };
    };
    const project3 = continuation('年度项目支出绩效自评表', '第40项三级指标');
    for (const page of project3.pages) {
      // pdftotext reads labels set on two lines (项目支出／名称, 实施／单位) and the cells beside them in varying order.
      expect(page).toMatch(/^项目支出/);
      // A name wrapped in its cell is read line by line: its first line is what is sure to come whole.
      for (const part of ['名称', '城区道路提质改造', '主管部门', '岳阳市岳阳楼区人民政府', '实施', '岳阳市岳阳楼区吕仙亭街道办事处'])
        expect(page).toContain(part.slice(0, 6));
      // The 绩效指标 column headings come again too, above the indicators.
      for (const heading of ['一级', '二级', '三级', '自评', '偏差原因']) expect(page).toContain(heading);
    }
    const fund4 = continuation('年度政府性基金预算支出情况表', '政府性基金项目80');
    for (const page of fund4.pages) expect(page).toMatch(/^项目预算数（万元）决算数（万元）政府性基金项目\d+1\.001\.00/);
    // Every line still appears once.
    const table = pages.slice(fund4.from, fund4.from + fund4.pages.length + 1).join('');
    expect(table.match(/政府性基金项目\d+1\.001\.00/g)).toHaveLength(80);
  });

  it('is an A4 PDF', async () => {
    const bytes = await renderPdf(example());
    const head = Buffer.from(bytes.subarray(0, 8)).toString('latin1');
    expect(head).toMatch(/^%PDF-1\.\d/);
    expect(Buffer.from(bytes).toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
  });
});
