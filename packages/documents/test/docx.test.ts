import { describe, expect, it } from 'vitest';
import { renderDocx } from '../src/index.js';
import { amountText } from '../src/text.js';
import { docxParagraphs, docxTableRows, docxXml, example, libreOfficeConvert, missing, pdfText, save, workDir } from './helpers.js';

describe('renderDocx on the seed', async () => {
  const pkg = example();
  const bytes = await renderDocx(pkg);
  const xml = await docxXml(bytes);
  const rows = docxTableRows(xml);
  const row = (first: string) => rows.find((r) => r[0] === first);

  it('puts every 附件1 figure in its row and column, exact, blanks blank', () => {
    const data = pkg.basicData;
    expect(row('三公经费')).toEqual(['三公经费', '4.93', '7.00', '4.07']);
    expect(row('其中：公车购置')).toEqual(['其中：公车购置', '', '', '']);
    expect(row('1、业务工作经费')).toEqual(['1、业务工作经费', '', '5.00', '']);
    expect(row('其中：办公经费')).toEqual(['其中：办公经费', '17.71', '18.09', '21.64']);
    expect(row('会议费、培训费')).toEqual(['会议费、培训费', '0.31', '0.00', '']);
    for (const item of data.lines.localSpecial ?? []) {
      expect(row(item.name)).toEqual([item.name, amountText(item.prior), amountText(item.budget), amountText(item.actual)]);
    }
    expect(row('')?.slice(1)).toEqual(['48', '48', '100.00%']);
    expect(rows.find((r) => r[1] === '0.00' && r.length === 7)).toEqual(['', '0.00', '0.00', '', '0.00', '0.00', '']);
  });

  it('writes 附件2 with the computed 执行率, its score and the 总分', () => {
    expect(rows.find((r) => r.includes('年度资金总额：'))).toEqual([
      '',
      '年度资金总额：',
      '782.48',
      '2,206.82',
      '2,206.82',
      '10.00',
      '100.00%',
      '10.00',
    ]);
    expect(rows.find((r) => r.includes('纳入专户管理的非税收入拨款：'))?.slice(1, 5)).toEqual([
      '纳入专户管理的非税收入拨款：',
      '0.00',
      '项目支出：',
      '797.20',
    ]);
    for (const indicator of pkg.overall.indicators) {
      const r = rows.find((cells) => cells[3] === indicator.name);
      expect(r?.slice(4, 8)).toEqual([indicator.target, indicator.actual, amountText(indicator.weight), amountText(indicator.score)]);
    }
    expect(rows.filter((r) => r[0] === '总分').map((r) => r.slice(1))).toContainEqual(['100.00', '100.00', '']);
  });

  it("sets the unit's report verbatim, after the cover", () => {
    const report = pkg.report;
    const paragraphs = docxParagraphs(xml);
    const expected = [
      report.cover.title,
      // An empty cover name is printed as the package's unit name.
      `部门（单位）名称：${report.cover.unitName || pkg.unit.name}（盖章）`,
      report.cover.date,
      report.cover.title,
      ...report.sections.flatMap((s) => [s.heading, ...s.paragraphs]),
      // The 附件 list numbered as GB/T 9704 7.3.5 has it: 「1. 」, not 「1、」.
      ...report.attachmentList.map((line) =>
        line.replace(/^(附件：)?(\d+)、/, (_, label: string | undefined, n: string) => `${label ?? ''}${n}. `),
      ),
    ];
    expect(paragraphs.slice(0, expected.length)).toEqual(expected);
    expect(paragraphs).toContain('附件1');
    // As in the template: the signature line under 附件3 (before 附件4–6, which the seed holds by reference).
    // (The hairline paragraph between the two parts of a 自评表 is empty.)
    const printed = paragraphs.filter((p) => p !== '');
    const signature = printed.findIndex((p) => p.startsWith('单位负责人签字：'));
    expect(printed.slice(signature - 2, signature)).toEqual(['附件3', expect.stringMatching(/项目支出绩效自评表/)]);
  });

  it('sets the opening paragraphs between the title and the first section', async () => {
    const opening = '按照区财政局绩效评价工作方案的要求，本办对2023年度整体支出进行了绩效自评，报告如下：';
    const withOpening = { ...pkg, report: { ...pkg.report, opening: [opening] } };
    const paragraphs = docxParagraphs(await docxXml(await renderDocx(withOpening)));
    const heading = paragraphs.indexOf(pkg.report.sections[0]!.heading);
    expect(paragraphs.slice(heading - 2, heading)).toEqual([pkg.report.cover.title, opening]);
  });

  it('names the official fonts, sets A4 with GB/T 9704 margins, explicit grid widths and "— n —" page numbers', async () => {
    const styles = await docxXml(bytes, 'word/styles.xml');
    for (const font of ['仿宋_GB2312', '黑体', '楷体_GB2312', '方正小标宋简体']) expect(styles).toContain(`w:eastAsia="${font}"`);
    // 28.95 pt exact line pitch for body text.
    expect(styles).toMatch(/<w:spacing w:line="579" w:lineRule="exact"\/>/);
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    const gridCols = [...xml.matchAll(/<w:gridCol( w:w="(\d+)")?\/>/g)];
    expect(gridCols.length).toBeGreaterThan(0);
    expect(gridCols.every((m) => Number(m[2]) > 0)).toBe(true);
    const settings = await docxXml(bytes, 'word/settings.xml');
    expect(settings).toContain('<w:evenAndOddHeaders/>');
    const footers = await Promise.all([1, 2].map((n) => docxXml(bytes, `word/footer${n}.xml`)));
    for (const footer of footers) {
      expect(footer).toContain('— ');
      expect(footer).toMatch(/PAGE/);
    }
    expect(footers.map((f) => /w:val="(right|left)"/.exec(f)?.[1]).sort()).toEqual(['left', 'right']);
  });

  const noOffice = missing('soffice', 'pdftotext');
  it.skipIf(noOffice !== null)(`opens in LibreOffice with every project name and amount ${noOffice ?? ''}`, () => {
    const dir = workDir();
    const pdf = libreOfficeConvert(save(dir, 'seed.docx', bytes), 'pdf', dir);
    const text = pdfText(pdf).replace(/\s+/g, '');
    for (const item of pkg.basicData.lines.localSpecial ?? []) {
      expect(text).toContain(item.name);
      expect(text).toContain(amountText(item.actual));
    }
    expect(text).toContain('实际支出为预算数的58.14%');
  });
});

describe('renderDocx table headings', () => {
  it('marks the heading rows of every attachment table tblHeader (repeated on each page), and only those', async () => {
    const pkg = example();
    pkg.otherFunds.governmentFund = { rows: [{ name: '城市基础设施配套费', budget: '12.5', actual: '10' }], note: '' };
    const xml = await docxXml(await renderDocx(pkg));
    const tables = [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((m) =>
      [...(m[1] ?? '').matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((r) => r[1] ?? ''),
    );
    // A cell's text, its line breaks aside; cells separated by "|".
    const text = (row: string) =>
      [...row.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)]
        .map((cell) => [...(cell[1] ?? '').matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''))
        .filter((cell) => cell !== '')
        .join('|');
    const headings = tables.map((rows) => rows.filter((row) => row.includes('<w:tblHeader/>')).map(text));
    expect(headings).toEqual([
      // 附件1: through the year-column headings, so that continued figures keep their column labels;
      // 楼堂馆所 and 厉行节约 are a table after them, under no repeated year columns.
      [
        '预算单位名称|岳阳市岳阳楼区吕仙亭街道办事处',
        '财政供养人员情况|编制数|2023年实际在职人数|控制率',
        '48|48|100.00%',
        '经费控制情况(万元)|2022年决算数|2023年预算数|2023年决算数',
      ],
      [],
      ['预算部门名称|岳阳市岳阳楼区吕仙亭办事处'],
      // The indicator rows of 附件2 and 附件3 are a table of their own, headed by the column headings.
      ['绩效指标|一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分|偏差原因分析及改进措施'],
      ['项目支出名称|/', '主管部门|/|实施单位|/'],
      ['绩效指标|一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|自评得分|偏差原因分析及改进措施'],
      // 附件4 only: the seed holds 附件5–6 by reference, so the package has no such tables to print.
      ['项目|预算数（万元）|决算数（万元）'],
    ]);
    // Heading rows come first: Word repeats only a table's leading rows.
    for (const rows of tables) {
      const marked = rows.map((row) => row.includes('<w:tblHeader/>'));
      expect(marked.indexOf(false)).toBe(marked.filter(Boolean).length);
    }
  });
});
