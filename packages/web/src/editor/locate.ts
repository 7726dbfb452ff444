/**
 * Where the editor lets the user fix what a finding points at. Findings name fields ("overall.unitName"),
 * rows ("basicData.rows.threePublic"), derived figures ("overall.funds.declared.executionRate") or whole
 * lists ("overall.indicators"); each must lead to an input the user can type into. This is the editor's
 * map of its inputs, tab by tab, and the one place a location becomes one of them: the jump from the
 * findings panel goes through it, and the tests walk every finding of a package through it.
 */
import {
  OTHER_FUNDS,
  SIGNATURE_FIELDS,
  emptyIndicator,
  emptyYearLine,
  projectLayout,
  type Package,
  type ScoredEvaluation,
} from '@jixiao/core';
import type { SheetModel } from '../grid/types.js';
import { getAt, pathWithin } from './paths.js';
import { blankFundRow, blankProject } from './rows.js';
import {
  controlSheet,
  fundsSheet,
  indicatorSheet,
  lineRows,
  otherFundSheet,
  splitSheet,
  staffingSheet,
  yearLinesSheet,
  type TableSource,
} from './tables.js';

export type EditorTab = 'basic' | 'overall' | 'projects' | 'other' | 'report';

/** An input of the editor: a cell of a named table, or a text field; `project` is the 附件3 table shown. */
export type FieldTarget =
  | { kind: 'cell'; tab: EditorTab; project: number | null; sheet: string; path: string }
  | { kind: 'text'; tab: EditorTab; project: number | null; path: string };

/** An empty list the finding asks to fill: a blank row is added, then its first input is the target. */
export interface GrowTarget {
  kind: 'grow';
  tab: EditorTab;
  list: string;
  blank(pkg: Package): unknown;
}

export function tabOf(path: string): EditorTab {
  if (path.startsWith('basicData')) return 'basic';
  if (path.startsWith('overall')) return 'overall';
  if (path.startsWith('projects')) return 'projects';
  if (path.startsWith('otherFunds')) return 'other';
  return 'report';
}

interface Sheet {
  name: string;
  model: SheetModel;
}

const noop = (): void => undefined;

/** The tables the editor shows on a tab, by the names the editor gives them (EditorSheet `name`). */
export function sheetsOf(source: TableSource, tab: EditorTab, project: number | null): Sheet[] {
  const pkg = source.pkg();
  const evaluation = (base: string) => (): ScoredEvaluation | null =>
    base === 'overall' ? source.computed().overall : (source.computed().projects[project ?? -1] ?? null);
  switch (tab) {
    case 'basic':
      if (!pkg.basicData) return [];
      return [
        { name: 'staffing', model: staffingSheet(source) },
        { name: 'control', model: controlSheet(source) },
        ...lineRows(source)
          .filter(({ path }) => getAt(pkg, path) !== undefined)
          .map(({ spec, path }) => ({ name: `lines-${spec.id}`, model: yearLinesSheet(source, path, noop) })),
      ];
    case 'overall':
      if (!pkg.overall) return [];
      return [
        { name: 'overall-funds', model: fundsSheet(source, 'overall', evaluation('overall')) },
        { name: 'split', model: splitSheet(source) },
        { name: 'overall-indicators', model: indicatorSheet(source, 'overall', evaluation('overall'), noop) },
      ];
    case 'projects': {
      if (project === null || !pkg.projects?.[project]) return [];
      const base = `projects[${project}]`;
      return [
        { name: `${base}-funds`, model: fundsSheet(source, base, evaluation(base)) },
        { name: `${base}-indicators`, model: indicatorSheet(source, base, evaluation(base), noop) },
      ];
    }
    case 'other':
      return OTHER_FUNDS.filter((fund) => pkg.otherFunds[fund.key] !== null).map((fund) => ({
        name: fund.key,
        model: otherFundSheet(source, `otherFunds.${fund.key}.rows`, noop),
      }));
    default:
      return [];
  }
}

/** The text fields the editor shows on a tab (FieldText paths), in page order. */
export function textFieldsOf(pkg: Package, tab: EditorTab, project: number | null): string[] {
  switch (tab) {
    case 'basic':
      return pkg.basicData ? ['basicData.unitName', 'basicData.frugalityMeasures'] : [];
    case 'overall':
      return pkg.overall ? ['overall.unitName', 'overall.goals.expected', 'overall.goals.actual'] : [];
    case 'projects': {
      if (project === null || !pkg.projects?.[project]) return [];
      const base = `projects[${project}]`;
      const header = projectLayout(pkg.layout.project).header;
      return [
        `${base}.name`,
        `${base}.department`,
        `${base}.implementer`,
        ...(header.manager ? [`${base}.manager`] : []),
        `${base}.goals.expected`,
        `${base}.goals.actual`,
        ...pkg.projects[project].remarks.map((_, k) => `${base}.remarks[${k}].text`),
      ];
    }
    case 'other':
      return OTHER_FUNDS.filter((fund) => pkg.otherFunds[fund.key] !== null).map((fund) => `otherFunds.${fund.key}.note`);
    case 'report': {
      const signature = SIGNATURE_FIELDS.map((field) => `signature.${field.key}`);
      if (!pkg.report) return signature;
      return [
        'report.cover.title',
        'report.cover.unitName',
        'report.cover.date',
        'report.opening',
        ...pkg.report.sections.flatMap((_, i) => [
          `report.sections[${i}].heading`,
          `report.sections[${i}].paragraphs`,
          `report.sections[${i}].explanation`,
        ]),
        'report.attachmentList',
        ...signature,
      ];
    }
  }
}

const EDITABLE_KINDS = new Set(['number', 'text', 'select']);

interface Found {
  row: number;
  col: number;
}

/** The first editable cell of a row, or of the nearest row above that has one (a rate row's inputs). */
function editableNear(model: SheetModel, at: Found): Found | null {
  for (let row = at.row; row >= 0; row--) {
    for (let col = 0; col < model.columns.length; col++) {
      const cell = model.cell(row, col);
      if (cell.path !== null && EDITABLE_KINDS.has(cell.kind)) return { row, col };
    }
  }
  return null;
}

/** Lists a finding may find empty, with the blank row the editor adds for them. */
const GROWABLE: { pattern: RegExp; blank: (pkg: Package) => unknown }[] = [
  { pattern: /^projects$/, blank: (pkg) => blankProject(pkg, `新项目${(pkg.projects?.length ?? 0) + 1}`) },
  { pattern: /^(?:overall|projects\[\d+\])\.indicators$/, blank: () => emptyIndicator() },
  { pattern: /^otherFunds\.\w+\.rows$/, blank: () => blankFundRow() },
  { pattern: /^basicData\.lines\.\w+$/, blank: () => emptyYearLine() },
];

/**
 * The input where the user fixes what `path` points at: the field itself; the field holding it (a
 * paragraph of a section); for a derived figure or a row's label, the row's first input (or the inputs
 * above a rate's row); for a row, list or part, its first input; for an empty list, a new blank row. Null
 * when the editor has no input for it (a part the package lacks: the editor offers to add it instead).
 */
export function locateField(source: TableSource, path: string): FieldTarget | GrowTarget | null {
  const pkg = source.pkg();
  const tab = tabOf(path);
  const projectMatch = /^projects\[(\d+)\]/.exec(path);
  const project = projectMatch ? Number(projectMatch[1]) : null;
  const texts = textFieldsOf(pkg, tab, project);
  const text = (p: string): FieldTarget => ({ kind: 'text', tab, project, path: p });
  const sheets = sheetsOf(source, tab, project);
  const cellAt = (sheet: Sheet, at: Found): FieldTarget => ({
    kind: 'cell',
    tab,
    project,
    sheet: sheet.name,
    path: sheet.model.cell(at.row, at.col).path as string,
  });

  // The field itself, or the field a deeper path is part of.
  const exactText = texts.find((p) => p === path) ?? texts.find((p) => pathWithin(path, p));
  if (exactText) return text(exactText);
  for (const sheet of sheets) {
    const at = sheet.model.locate(path);
    if (!at || at.row >= sheet.model.rowCount) continue;
    const cell = sheet.model.cell(at.row, at.col);
    if (cell.path !== null && EDITABLE_KINDS.has(cell.kind) && (pathWithin(path, cell.path) || pathWithin(cell.path, path))) {
      return cellAt(sheet, at);
    }
    const near = editableNear(sheet.model, at);
    if (near) return cellAt(sheet, near);
  }
  // A row, list or part: its first input.
  const inside = texts.find((p) => pathWithin(p, path));
  if (inside) return text(inside);

  const value = getAt(pkg, path);
  const empty = value === undefined || (Array.isArray(value) && value.length === 0);
  const grow = GROWABLE.find((g) => g.pattern.test(path));
  if (empty && grow && (path !== 'projects' || pkg.projects !== null)) return { kind: 'grow', tab, list: path, blank: grow.blank };
  // A project with its fields on the 附件3 tab: its first field.
  if (path === 'projects' && pkg.projects && pkg.projects.length > 0) return locateField(source, 'projects[0].name');
  return null;
}
