/**
 * 附件1 基础数据表: rows found by the labels the form declares (forms/basic-data.ts). A row the unit's
 * table has is filled in (blank cells stay blank); a row it lacks stays absent. Lines under a row that
 * lists them (本级 / 区级 / 县级 … 专项资金, 上级转移支付, 运行维护经费, 公用经费 其中) are kept under that
 * row until the next row of the form.
 */
import {
  BASIC_DATA_FORM,
  BUILDINGS,
  STAFFING,
  YEAR_COLUMNS,
  emptyBasicData,
  type BasicData,
  type BasicDataFormSpec,
  type Buildings,
  type NamedYearRow,
  type YearColumns,
  type YearRowSpec,
} from '@jixiao/core';
import { isPlaceholder } from './amount.js';
import { amountCell, declaredCell, labelCell, textCell } from './cells.js';
import { assignColumns, countColumns, findColumns, type HeaderColumns } from './columns.js';
import type { ImportContext } from './context.js';
import { isLabelOf, labelled, oneLine } from './normalize.js';
import { rowLabel, type Part } from './parts.js';
import type { SourceCell, SourceRow } from './source.js';

type YearField = 'prior' | 'budget' | 'actual';

const STAFFING_FIELDS = STAFFING.fields;
const BUILDING_FIELDS = BUILDINGS.fields;

/** Labels of the form that are not rows of 经费控制情况 and carry no figure of their own. */
const BLOCK_LABELS = [BASIC_DATA_FORM.yearBlock, STAFFING, BUILDINGS];

/**
 * The three year columns named by a header row: 上年决算 / 本年预算 / 本年决算, written as the form
 * writes them ("2022年决算数") or by their names. Two 决算 columns and one 预算 column make the header.
 */
function yearHeader(row: SourceRow): HeaderColumns<YearField> | null {
  const named = findColumns(row, YEAR_COLUMNS);
  if (countColumns(named) === 3) return named;
  const heads = row.cells.filter((cell) => /(?:\d{4}\s*年|上年|本年)\s*(?:决算|预算)/.test(oneLine(cell.text)));
  const settled = heads.filter((cell) => /决算/.test(cell.text));
  const budget = heads.find((cell) => /预算/.test(cell.text));
  if (settled.length < 2 || !budget) return null;
  const year = (cell: SourceCell) => Number(/(\d{4})/.exec(cell.text)?.[1] ?? 0);
  const [prior, actual] = [...settled].sort((a, b) => year(a) - year(b));
  return { prior, budget, actual };
}

/** Whether a label names something of the form (a row, a block, a labelled field): never a block's values. */
function isFormLabel(text: string, form: BasicDataFormSpec): boolean {
  return (
    labelled(text, form.rows) !== undefined ||
    labelled(text, [...BLOCK_LABELS, BASIC_DATA_FORM.unitName, BASIC_DATA_FORM.frugality]) !== undefined
  );
}

/** A row the table leaves as the template's "……" placeholder. */
function isPlaceholderRow(row: SourceRow): boolean {
  return row.cells.every((cell) => isPlaceholder(cell.text));
}

export function mapBasicData(part: Part, ctx: ImportContext, form: BasicDataFormSpec = BASIC_DATA_FORM): BasicData {
  const data = emptyBasicData();
  data.rows = {};
  data.staffing = null;
  data.buildings = null;
  const rowsById = data.rows as Record<string, YearColumns>;
  const linesById = data.lines as Record<string, NamedYearRow[]>;
  const rows = part.blocks.filter((b): b is SourceRow => b.kind === 'row');
  let years: { row: SourceRow; columns: HeaderColumns<YearField> } | null = null;
  /** the row whose lines are being read */
  let list: YearRowSpec | null = null;

  const readYears = (row: SourceRow, labelIndex: number, label: string, path: string): YearColumns | null => {
    const value: YearColumns = { prior: null, budget: null, actual: null };
    if (years) {
      const assigned = assignColumns(ctx, years.row, years.columns, row, label, path);
      if (!assigned.ok) return null;
      for (const field of ['prior', 'budget', 'actual'] as const) {
        value[field] = amountCell(ctx, assigned.cells[field], `${label} ${oneLine(years.columns[field]?.text ?? '')}`);
      }
      return value;
    }
    // No header seen (a hand-made sheet): the three cells after the label, if there are exactly three.
    const after = row.cells.slice(labelIndex + 1);
    if (after.length !== 3) {
      ctx.uncertain(
        row,
        label,
        `“${label}”一行前没有“上年决算数/本年预算数/本年决算数”表头，且该行不是恰好 3 个数值，无法确定各列，未填入`,
        YEAR_COLUMNS.map((c) => c.label),
        path,
      );
      return null;
    }
    value.prior = amountCell(ctx, after[0], label);
    value.budget = amountCell(ctx, after[1], label);
    value.actual = amountCell(ctx, after[2], label);
    return value;
  };

  /**
   * A block whose headings are on one row and values on the next (财政供养人员情况, 楼堂馆所). A next row
   * that is itself a row of the form means the values row was left out (a sheet drops empty rows).
   */
  const readBlock = <K extends string>(
    row: SourceRow,
    next: SourceRow | undefined,
    fields: readonly { key: K; label: string; aliases: readonly string[] }[],
    name: string,
    path: string,
  ) => {
    ctx.useRow(row);
    const nextLabel = next ? rowLabel(next) : null;
    if (!next || (nextLabel && isFormLabel(nextLabel.text, form))) return { consumed: false, cells: null };
    const assigned = assignColumns(ctx, row, findColumns(row, fields), next, name, path);
    return { consumed: true, cells: assigned.ok ? assigned.cells : null };
  };

  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const found = rowLabel(row);
    if (!found) continue;
    const labelRef = row.cells[found.index]!;
    const label = found.text;

    const header = yearHeader(row);
    if (header) {
      years = { row, columns: header };
      ctx.useRow(row);
      continue;
    }
    if (isLabelOf(label, BASIC_DATA_FORM.unitName)) {
      ctx.use(labelRef);
      data.unitName = textCell(
        ctx,
        row.cells.slice(found.index + 1).find((c) => c.text.trim() !== ''),
      );
      continue;
    }
    if (isLabelOf(label, BASIC_DATA_FORM.frugality)) {
      ctx.use(labelRef);
      data.frugalityMeasures = textCell(
        ctx,
        row.cells.slice(found.index + 1).find((c) => c.text.trim() !== ''),
      );
      continue;
    }
    if (BASIC_DATA_FORM.boilerplate.some((pattern) => pattern.test(oneLine(label)))) {
      ctx.useRow(row);
      continue;
    }
    if (isLabelOf(label, STAFFING) || countColumns(findColumns(row, STAFFING_FIELDS)) >= 2) {
      const { consumed, cells } = readBlock(row, rows[i + 1], STAFFING_FIELDS, STAFFING.label, 'basicData.staffing');
      data.staffing = { authorized: null, actual: null, declared: { controlRate: null } };
      if (cells) {
        data.staffing = {
          authorized: amountCell(ctx, cells.authorized, STAFFING_FIELDS[0].label),
          actual: amountCell(ctx, cells.actual, STAFFING_FIELDS[1].label),
          declared: { controlRate: declaredCell(ctx, cells.controlRate) },
        };
      }
      if (consumed) i++;
      continue;
    }
    if (isLabelOf(label, BUILDINGS) || countColumns(findColumns(row, BUILDING_FIELDS)) >= 3) {
      const { consumed, cells } = readBlock(row, rows[i + 1], BUILDING_FIELDS, BUILDINGS.label, 'basicData.buildings');
      data.buildings = {
        approvedArea: null,
        actualArea: null,
        budgetInvestment: null,
        actualInvestment: null,
        declared: { scaleControlRate: null, investmentControlRate: null },
      };
      if (cells) {
        const buildings: Buildings = {
          approvedArea: amountCell(ctx, cells.approvedArea, BUILDING_FIELDS[0].label),
          actualArea: amountCell(ctx, cells.actualArea, BUILDING_FIELDS[1].label),
          budgetInvestment: amountCell(ctx, cells.budgetInvestment, BUILDING_FIELDS[3].label),
          actualInvestment: amountCell(ctx, cells.actualInvestment, BUILDING_FIELDS[4].label),
          declared: {
            scaleControlRate: declaredCell(ctx, cells.scaleControlRate),
            investmentControlRate: declaredCell(ctx, cells.investmentControlRate),
          },
        };
        data.buildings = buildings;
      }
      if (consumed) i++;
      continue;
    }
    if (isPlaceholderRow(row)) {
      ctx.useRow(row);
      continue;
    }

    const spec = labelled(label, form.rows);
    if (spec) {
      ctx.use(labelRef);
      const value = readYears(row, found.index, label, `basicData.rows.${spec.id}`);
      // A row whose figures cannot be placed is still a row of the unit's table: present, blank.
      rowsById[spec.id] = value ?? { prior: null, budget: null, actual: null };
      list = spec.lines ? spec : null;
      continue;
    }
    if (labelled(label, BLOCK_LABELS)) {
      ctx.use(labelRef);
      continue;
    }
    if (list) {
      ctx.use(labelRef);
      // An uncertain line is kept with blank cells: its name is known, its figures are not.
      const lines = (linesById[list.id] ??= []);
      const value = readYears(row, found.index, label, `basicData.lines.${list.id}[${lines.length}]`) ?? {
        prior: null,
        budget: null,
        actual: null,
      };
      const name = labelCell(ctx, labelRef).replace(/^其中[:：]\s*/, '');
      lines.push({ name, ...value });
    }
  }
  return data;
}
