import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { type CompletePackage, compute, type Decimal, type Package, round } from '@jixiao/core';
import { projectPackage } from '../../../bench/documents-fixture.mjs';
import { renderXlsx } from '../src/index.js';
import { example, libreOfficeConvert, missing, save, workDir } from './helpers.js';

async function read(bytes: Uint8Array | Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** The value a cell shows: a formula cell's result (empty text read back as undefined), else its value. */
/** What a cell shows: a formula's result, a value, or "" where it is blank (a formula's "" or no value at all). */
function shown(cell: ExcelJS.Cell): unknown {
  const value = cell.value;
  if (value && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) return value.result ?? '';
  return value ?? '';
}

/** Cell of the row whose column `labelColumn` reads `label`, `offset` columns to the right. */
function beside(sheet: ExcelJS.Worksheet, label: string, offset: number, labelColumn?: number): ExcelJS.Cell {
  let found: ExcelJS.Cell | null = null;
  sheet.eachRow((row) =>
    row.eachCell((cell, col) => {
      if (!found && cell.value === label && (labelColumn === undefined || col === labelColumn)) found = row.getCell(col + offset);
    }),
  );
  if (!found) throw new Error(`工作表 ${sheet.name} 中没有“${label}”`);
  return found;
}

/** The core's figure as the sheet holds it: rates to 4 places (a percentage to 2), scores to 2. */
const asNumber = (value: Decimal | null, dp: number) => (value === null ? '' : Number(round(value, dp).toFixed(dp)));

/** Derived cells of 附件1, 附件2 and each 附件3, read from a workbook. */
function derived(workbook: ExcelJS.Workbook, projects: number) {
  const a1 = workbook.getWorksheet('附件1') as ExcelJS.Worksheet;
  const evaluation = (sheet: ExcelJS.Worksheet) => {
    const funds = sheet.getRow(beside(sheet, sheet.name === '附件2' ? '年度资金总额：' : '年度资金总额', 0).row as unknown as number);
    const total = beside(sheet, '总分', 0, 1);
    const totalRow = sheet.getRow(Number(total.row));
    return {
      // The funds line's label spans two columns, as on the national form; 执行率 and 得分 follow the amounts and 分值.
      rate: shown(funds.getCell(8)),
      score: shown(funds.getCell(9)),
      weightTotal: shown(totalRow.getCell(7)),
      total: shown(totalRow.getCell(8)),
    };
  };
  const sheets = projects === 1 ? ['附件3'] : Array.from({ length: projects }, (_, i) => `附件3-${i + 1}`);
  return {
    staffing: shown(a1.getCell('F5')),
    overall: evaluation(workbook.getWorksheet('附件2') as ExcelJS.Worksheet),
    projects: sheets.map((name) => evaluation(workbook.getWorksheet(name) as ExcelJS.Worksheet)),
  };
}

function expected(pkg: Package) {
  const computed = compute(pkg);
  const evaluation = (e: NonNullable<(typeof computed)['overall']>) => ({
    rate: asNumber(e.executionRate, 4),
    score: asNumber(e.executionScore, 2),
    weightTotal: asNumber(e.weightTotal, 2),
    total: asNumber(e.total, 2),
  });
  return {
    staffing: asNumber(computed.staffingControlRate, 4),
    overall: evaluation(computed.overall!),
    projects: computed.projects.map(evaluation),
  };
}

/** The seed with three projects whose 执行率 and scores differ (one over budget, one under). */
function withProjects(): CompletePackage {
  const pkg = projectPackage(example(), 3) as CompletePackage;
  const [a, b, c] = pkg.projects;
  a!.funds.executed = '130.125';
  b!.funds.fullYearBudget = '80';
  b!.indicators[0]!.score = '12.5';
  // No 执行率, so no 执行率得分: the table has no total (a blank score is not 0), and its 总分 cell stays blank.
  c!.funds.fullYearBudget = '0';
  // The seed names 附件4–6 only; here they are there, empty, so that their sheets are made too.
  pkg.otherFunds = {
    governmentFund: { rows: [], note: '' },
    stateCapital: { rows: [], note: '' },
    socialInsurance: { rows: [], note: '' },
  };
  return pkg;
}

describe('renderXlsx', () => {
  it('has one sheet per attachment, frozen titles, A4 print set-up, and caches the core figures', async () => {
    const pkg = withProjects();
    const workbook = await read(await renderXlsx(pkg));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['附件1', '附件2', '附件3-1', '附件3-2', '附件3-3', '附件4', '附件5', '附件6']);
    for (const sheet of workbook.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen' });
      expect(sheet.pageSetup.paperSize).toBe(9);
    }
    expect(derived(workbook, 3)).toEqual(expected(pkg));
  });

  it('writes amounts as numbers from the exact decimal, blanks as empty cells, and text as text', async () => {
    const pkg = example();
    pkg.overall.indicators[0]!.target = '=1+1';
    pkg.overall.indicators[0]!.actual = '+SUM(A1:A2)';
    pkg.overall.indicators[0]!.deviation = '-3';
    pkg.overall.indicators[1]!.name = '@cmd';
    const workbook = await read(await renderXlsx(pkg));
    const a1 = workbook.getWorksheet('附件1') as ExcelJS.Worksheet;
    expect(beside(a1, '环卫工人工资', 1).value).toBe(199.67);
    expect(beside(a1, '环卫工人工资', 5).value).toBe(395.28);
    expect(beside(a1, '环卫工人工资', 5).numFmt).toBe('0.00');
    expect(beside(a1, '其中：公车购置', 1).value).toBeNull();
    expect(beside(a1, '会议费、培训费', 5).value).toBeNull();
    const a2 = workbook.getWorksheet('附件2') as ExcelJS.Worksheet;
    expect(beside(a2, '三公经费控制率', 1).value).toBe('=1+1');
    expect(beside(a2, '三公经费控制率', 2).value).toBe('+SUM(A1:A2)');
    expect(beside(a2, '三公经费控制率', 5).value).toBe('-3');
    expect(beside(a2, '@cmd', 0).type).toBe(ExcelJS.ValueType.String);
  });

  it('puts every 附件1 and 附件2 figure of the seed in its cell', async () => {
    const pkg = example();
    const workbook = await read(await renderXlsx(pkg));
    const a1 = workbook.getWorksheet('附件1') as ExcelJS.Worksheet;
    const asCell = (cell: string | null) => (cell === null ? null : Number(cell));
    const data = pkg.basicData;
    const rows = [
      ['三公经费', data.rows.threePublic!],
      ['3、公务接待', data.rows.reception!],
      ['项目支出：', data.rows.projectSpending!],
      ['公用经费：', data.rows.publicFunds!],
      ['政府采购金额', data.rows.procurement!],
      ...(data.lines.localSpecial ?? []).map((item) => [item.name, item] as const),
    ] as const;
    for (const [label, row] of rows) {
      // The three year-columns are two sheet columns wide each: B, D, F.
      expect(
        [1, 3, 5].map((offset) => beside(a1, label, offset, 1).value),
        label,
      ).toEqual([asCell(row.prior), asCell(row.budget), asCell(row.actual)]);
    }
    const a2 = workbook.getWorksheet('附件2') as ExcelJS.Worksheet;
    // The funds line's label spans two columns, as on the national form.
    expect([2, 3, 4, 5].map((offset) => beside(a2, '年度资金总额：', offset).value)).toEqual([782.48, 2206.82, 2206.82, 10]);
    expect(beside(a2, '一般公共预算：', 1).value).toBe(1663.95);
    expect(beside(a2, '其中：基本支出：', 2).value).toBe(1409.62);
    expect(beside(a2, '项目支出：', 2).value).toBe(797.2);
    expect(beside(a2, '其他资金：', 1).value).toBe(542.87);
  });

  const noOffice = missing('soffice');
  it.skipIf(noOffice !== null)(`recalculated by LibreOffice gives the core's figures ${noOffice ?? ''}`, async () => {
    const pkg = withProjects();
    // Drop every cached result so that only LibreOffice's own recalculation can fill them in.
    const original = await read(await renderXlsx(pkg));
    let formulas = 0;
    for (const sheet of original.worksheets) {
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          const value = cell.value;
          if (value && typeof value === 'object' && 'formula' in value) {
            cell.value = { formula: value.formula } as ExcelJS.CellFormulaValue;
            formulas++;
          }
        }),
      );
    }
    expect(formulas).toBeGreaterThanOrEqual(2 + 4 * 4);
    const dir = workDir();
    const stripped = save(dir, 'stripped.xlsx', new Uint8Array(await original.xlsx.writeBuffer()));
    const recalculated = await read(
      await import('node:fs').then((fs) => fs.readFileSync(libreOfficeConvert(stripped, 'xlsx:Calc MS Excel 2007 XML', `${dir}/out`))),
    );
    expect(derived(recalculated, 3)).toEqual(expected(pkg));
    const a2 = recalculated.getWorksheet('附件2') as ExcelJS.Worksheet;
    expect(beside(a2, '三公经费控制率', 0).type).toBe(ExcelJS.ValueType.String);
  });
});
