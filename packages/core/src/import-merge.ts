/**
 * Importing a file into a unit's year that already has a package: the file's content either replaces the
 * package's (替换) or fills in only what the package lacks (合并), keeping every value the unit typed. Pure;
 * the web app previews the result field by field and the service stores the same result.
 */
import { diffJson, type Change } from './diff.js';
import { headingTitle } from './forms/report.js';
import type { Package, ReportSection } from './model.js';

export const IMPORT_MODES = ['replace', 'merge'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const IMPORT_MODE_LABELS: Record<ImportMode, string> = { replace: '替换', merge: '合并' };

/** Nothing filled in: null, blank text, or a list / record / part whose every value is blank. */
export function isBlankValue(value: unknown): boolean {
  if (value === null || value === undefined || value === false) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.every(isBlankValue);
  if (typeof value === 'object') return Object.values(value).every(isBlankValue);
  return false;
}

/**
 * The file's value where the package has none. Records (a part, a row, a table's columns) merge key by
 * key; a list (indicators, project lines, paragraphs) is the unit's as a whole once it has anything in it,
 * since matching rows by position would mix two different tables. A boolean the unit has is kept.
 */
function fill(mine: unknown, theirs: unknown): unknown {
  if (theirs === undefined || typeof mine === 'boolean') return mine;
  if (mine === undefined || isBlankValue(mine)) return theirs;
  if (Array.isArray(mine) || typeof mine !== 'object' || mine === null) return mine;
  if (typeof theirs !== 'object' || theirs === null || Array.isArray(theirs)) return mine;
  const out: Record<string, unknown> = { ...(mine as Record<string, unknown>) };
  for (const [key, value] of Object.entries(theirs as Record<string, unknown>)) {
    out[key] = Object.hasOwn(out, key) ? fill(out[key], value) : value;
  }
  return out;
}

/**
 * Report sections are matched by their heading's words, whatever the numbering ("1、 单位基本情况" is
 * "一、单位基本情况"): a section the unit has not written takes the file's text; the file's sections the
 * package lacks follow at the end.
 */
function mergeSections(mine: readonly ReportSection[], theirs: readonly ReportSection[]): ReportSection[] {
  const byTitle = new Map(theirs.map((s) => [headingTitle(s.heading), s]));
  const matched = new Set<ReportSection>();
  const out = mine.map((section) => {
    const other = byTitle.get(headingTitle(section.heading));
    if (!other) return section;
    matched.add(other);
    return { ...(fill({ ...section, heading: '' }, other) as ReportSection), heading: section.heading };
  });
  return [...out, ...theirs.filter((s) => !matched.has(s))];
}

/**
 * The package after importing `file` into `existing` by `mode`. The unit, year, template and layout stay
 * the existing package's: an import changes what is written in the forms, not whose forms they are.
 */
export function importInto(existing: Package, file: Package, mode: ImportMode): Package {
  const kept = {
    format: existing.format,
    version: existing.version,
    template: existing.template,
    layout: existing.layout,
    year: existing.year,
    unit: existing.unit,
  };
  if (mode === 'replace') return { ...file, ...kept };
  const merged = fill(existing, file) as Package;
  if (existing.report && file.report && merged.report) {
    merged.report = { ...merged.report, sections: mergeSections(existing.report.sections, file.report.sections) };
  }
  return { ...merged, ...kept };
}

/** What the import would change, field by field: the preview shown before the user chooses. */
export function importChanges(existing: Package, file: Package, mode: ImportMode): Change[] {
  return diffJson(existing, importInto(existing, file, mode));
}
