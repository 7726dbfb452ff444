/** 附件1 基础数据表: rows found by their labels. */
import type { BasicData, YearColumns } from '@jixiao/core';
import { amountCell, declaredCell, labelCell, textCell } from './cells.js';
import { assignColumns, findHeader, headerKey, type HeaderColumns } from './columns.js';
import type { ImportContext } from './context.js';
import { labelMatches, oneLine } from './normalize.js';
import { rowLabel, type Part } from './parts.js';
import type { SourceRow } from './source.js';

type YearField = 'prior' | 'budget' | 'actual';

interface YearRowRule {
  labels: string[];
  set: (data: BasicData, value: YearColumns) => void;
  /** Rows after this one without a known label are its list (本级专项 lines, 公用经费 其中 rows). */
  opens?: 'special' | 'publicFunds';
}

const YEAR_ROWS: YearRowRule[] = [
  { labels: ['三公经费'], set: (d, v) => (d.threePublic.total = v) },
  { labels: ['公务用车购置和维护经费', '公务用车购置及运行维护费'], set: (d, v) => (d.threePublic.vehicle = v) },
  { labels: ['公车购置', '公务用车购置'], set: (d, v) => (d.threePublic.vehiclePurchase = v) },
  { labels: ['公车运行维护', '公务用车运行维护'], set: (d, v) => (d.threePublic.vehicleOperation = v) },
  { labels: ['出国经费', '因公出国(境)经费'], set: (d, v) => (d.threePublic.overseas = v) },
  { labels: ['公务接待', '公务接待费'], set: (d, v) => (d.threePublic.reception = v) },
  { labels: ['项目支出'], set: (d, v) => (d.projectSpending.total = v) },
  { labels: ['业务工作经费'], set: (d, v) => (d.projectSpending.business = v) },
  { labels: ['运行维护经费'], set: (d, v) => (d.projectSpending.operation = v) },
  { labels: ['本级专项资金(一个专项一行)', '本级专项资金'], set: (d, v) => (d.projectSpending.special = v), opens: 'special' },
  { labels: ['公用经费'], set: (d, v) => (d.publicFunds.total = v), opens: 'publicFunds' },
  { labels: ['政府采购金额'], set: (d, v) => (d.procurement = v) },
  { labels: ['部门基本支出预算调整'], set: (d, v) => (d.basicBudgetAdjustment = v) },
];

const OTHER_LABELS = ['预算单位名称', '财政供养人员情况', '经费控制情况', '楼堂馆所控制情况', '厉行节约保障措施'];

function yearRule(label: string): YearRowRule | undefined {
  return YEAR_ROWS.find((rule) => rule.labels.some((l) => labelMatches(label, l)));
}

function isKnownLabel(label: string): boolean {
  return yearRule(label) !== undefined || OTHER_LABELS.some((l) => labelMatches(label, l));
}

/** The three year columns named by a header row: 上年决算 / 本年预算 / 本年决算. */
function yearHeader(row: SourceRow): HeaderColumns<YearField> | null {
  const heads = row.cells.filter((cell) => /决算|预算/.test(headerKey(cell.text)) && !/控制情况/.test(headerKey(cell.text)));
  const settled = heads.filter((cell) => /决算/.test(headerKey(cell.text)));
  const budget = heads.find((cell) => /预算/.test(headerKey(cell.text)));
  if (settled.length < 2 || !budget) return null;
  const prior = settled.find((cell) => /上年/.test(headerKey(cell.text))) ?? settled[0];
  const actual = settled.find((cell) => cell !== prior);
  return { prior, budget, actual };
}

export function mapBasicData(part: Part, data: BasicData, ctx: ImportContext): void {
  const rows = part.blocks.filter((b): b is SourceRow => b.kind === 'row');
  let years: { row: SourceRow; columns: HeaderColumns<YearField> } | null = null;
  let list: 'special' | 'publicFunds' | null = null;

  const readYears = (row: SourceRow, labelIndex: number, label: string): YearColumns | null => {
    const value: YearColumns = { prior: null, budget: null, actual: null };
    if (years) {
      const assigned = assignColumns(ctx, years.row, years.columns, row, label);
      if (!assigned.ok) return null;
      for (const field of ['prior', 'budget', 'actual'] as const) value[field] = amountCell(ctx, assigned.cells[field], `${label} ${oneLine(years.columns[field]?.text ?? '')}`);
      return value;
    }
    // No header seen (a hand-made sheet): the three cells after the label, if there are exactly three.
    const after = row.cells.slice(labelIndex + 1);
    if (after.length !== 3) {
      ctx.uncertain(row, label, `“${label}”一行前没有“上年决算数/本年预算数/本年决算数”表头，且该行不是恰好 3 个数值，无法确定各列，未填入`);
      return null;
    }
    value.prior = amountCell(ctx, after[0], label);
    value.budget = amountCell(ctx, after[1], label);
    value.actual = amountCell(ctx, after[2], label);
    return value;
  };

  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const found = rowLabel(row);
    if (!found) continue;
    const labelCellRef = row.cells[found.index]!;
    const label = found.text;

    const header = yearHeader(row);
    if (header) {
      years = { row, columns: header };
      ctx.useRow(row);
      continue;
    }
    if (labelMatches(label, '预算单位名称')) {
      ctx.use(labelCellRef);
      data.unitName = textCell(ctx, row.cells.slice(found.index + 1).find((c) => c.text.trim() !== ''));
      continue;
    }
    if (labelMatches(label, '厉行节约保障措施')) {
      ctx.use(labelCellRef);
      data.frugalityMeasures = textCell(ctx, row.cells.slice(found.index + 1).find((c) => c.text.trim() !== ''));
      continue;
    }
    if (labelMatches(label, '财政供养人员情况') || row.cells.some((c) => headerKey(c.text) === '编制数')) {
      ctx.useRow(row);
      const next = rows[i + 1];
      if (!next) continue;
      const columns = findHeader(row, {
        authorized: (k) => k.includes('编制数'),
        actual: (k) => k.includes('在职人数'),
        controlRate: (k) => k.includes('控制率'),
      });
      const assigned = assignColumns(ctx, row, columns, next, '财政供养人员情况');
      if (assigned.ok) {
        data.staffing.authorized = amountCell(ctx, assigned.cells.authorized, '编制数');
        data.staffing.actual = amountCell(ctx, assigned.cells.actual, '实际在职人数');
        data.staffing.declared.controlRate = declaredCell(ctx, assigned.cells.controlRate);
      }
      i++;
      continue;
    }
    if (labelMatches(label, '楼堂馆所控制情况') || row.cells.some((c) => headerKey(c.text).includes('批复规模'))) {
      ctx.useRow(row);
      const next = rows[i + 1];
      if (!next) continue;
      const columns = findHeader(row, {
        approvedArea: (k) => k.includes('批复规模'),
        actualArea: (k) => k.includes('实际规模'),
        scaleRate: (k) => k.includes('规模控制率'),
        budgetInvestment: (k) => k.includes('预算投资'),
        actualInvestment: (k) => k.includes('实际投资'),
        investmentRate: (k) => k.includes('投资概算控制率'),
      });
      const assigned = assignColumns(ctx, row, columns, next, '楼堂馆所控制情况');
      if (assigned.ok) {
        const b = data.buildings;
        b.approvedArea = amountCell(ctx, assigned.cells.approvedArea, '批复规模');
        b.actualArea = amountCell(ctx, assigned.cells.actualArea, '实际规模');
        b.budgetInvestment = amountCell(ctx, assigned.cells.budgetInvestment, '预算投资');
        b.actualInvestment = amountCell(ctx, assigned.cells.actualInvestment, '实际投资');
        b.declared.scaleControlRate = declaredCell(ctx, assigned.cells.scaleRate);
        b.declared.investmentControlRate = declaredCell(ctx, assigned.cells.investmentRate);
      }
      i++;
      continue;
    }

    const rule = yearRule(label);
    if (rule) {
      ctx.use(labelCellRef);
      const value = readYears(row, found.index, label);
      if (value) rule.set(data, value);
      list = rule.opens ?? null;
      continue;
    }
    if (list && !isKnownLabel(label)) {
      ctx.use(labelCellRef);
      // An uncertain line is kept with blank cells: its name is known, its figures are not.
      const value = readYears(row, found.index, label) ?? { prior: null, budget: null, actual: null };
      const name = labelCell(ctx, labelCellRef).replace(/^其中[:：]\s*/, '');
      if (list === 'special') data.projectSpending.specialItems.push({ name, ...value });
      else data.publicFunds.items.push({ name, ...value });
    }
  }
}
