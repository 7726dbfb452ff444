/**
 * Reading packages written in an earlier version of the format. Version 1 held 附件1 as fixed groups
 * (threePublic, projectSpending with its 本级专项 lines, publicFunds), every part present, and 附件3's
 * 资金来源 as three fixed rows; version 2 holds the rows a unit's form has (forms/basic-data.ts), parts
 * that can be absent, and the 附件3 layout. The upgrade only moves data: it never invents a figure,
 * and whatever it does not recognise is left for the validator to report.
 */
import { FORMAT_VERSION } from './model.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Version 1 field → version 2 row id, per group of 附件1. */
const V1_ROWS: readonly [group: string, field: string, row: string][] = [
  ['threePublic', 'total', 'threePublic'],
  ['threePublic', 'vehicle', 'vehicle'],
  ['threePublic', 'vehiclePurchase', 'vehiclePurchase'],
  ['threePublic', 'vehicleOperation', 'vehicleOperation'],
  ['threePublic', 'overseas', 'overseas'],
  ['threePublic', 'reception', 'reception'],
  ['projectSpending', 'total', 'projectSpending'],
  ['projectSpending', 'business', 'business'],
  ['projectSpending', 'operation', 'operation'],
  ['projectSpending', 'special', 'localSpecial'],
  ['publicFunds', 'total', 'publicFunds'],
];

function upgradeBasicData(v1: Json): Json {
  const rows: Json = {};
  for (const [group, field, row] of V1_ROWS) {
    const holder = v1[group];
    if (isObject(holder) && field in holder) rows[row] = holder[field];
  }
  for (const row of ['procurement', 'basicBudgetAdjustment']) if (row in v1) rows[row] = v1[row];
  const lines: Json = {};
  const special = isObject(v1['projectSpending']) ? v1['projectSpending']['specialItems'] : undefined;
  const items = isObject(v1['publicFunds']) ? v1['publicFunds']['items'] : undefined;
  if (!Array.isArray(special) || special.length > 0) lines['localSpecial'] = special;
  if (!Array.isArray(items) || items.length > 0) lines['publicFunds'] = items;
  for (const key of Object.keys(lines)) if (lines[key] === undefined) delete lines[key];
  return {
    unitName: v1['unitName'],
    staffing: v1['staffing'],
    rows,
    lines,
    buildings: v1['buildings'],
    frugalityMeasures: v1['frugalityMeasures'],
  };
}

const V1_SOURCES: readonly [field: string, kind: string][] = [
  ['currentFiscal', 'fiscal'],
  ['carryOver', 'carryOver'],
  ['other', 'other'],
];

function upgradeProject(v1: unknown): unknown {
  if (!isObject(v1)) return v1;
  const sources = v1['fundSources'];
  const { fundSources: _dropped, ...rest } = v1;
  return {
    ...rest,
    manager: '',
    fundSources: isObject(sources)
      ? V1_SOURCES.filter(([field]) => field in sources).map(([field, kind]) => ({
          kind,
          ...(isObject(sources[field]) ? sources[field] : {}),
          declared: { executionRate: null },
        }))
      : sources,
    remarks: [],
  };
}

/** A version 1 package as version 2; anything else unchanged. */
export function upgradePackage(input: unknown): unknown {
  if (!isObject(input) || input['version'] !== 1) return input;
  const basicData = input['basicData'];
  const overall = input['overall'];
  const projects = input['projects'];
  return {
    ...input,
    version: FORMAT_VERSION,
    // Version 1 packages were made from the seed's package, whose 附件3 is the Hunan table.
    layout: { project: 'hunan', overall: 'national' },
    basicData: isObject(basicData) ? upgradeBasicData(basicData) : basicData,
    overall: isObject(overall) ? { ...overall, declaredSplit: { byIncome: null, byExpense: null } } : overall,
    projects: Array.isArray(projects) ? projects.map(upgradeProject) : projects,
    uncertain: [],
  };
}
