/**
 * The prose the text rules read: the report's paragraphs and the unit's explanations, each with the outline section it stands in,
 * and the prose of the tables — 年度总体目标 预期目标 / 实际完成情况 of 附件2 and each 附件3, where units
 * state sums and rates in words just as in the report. Each with its figures (text-figures.ts) and
 * where a finding about it points. Read once per check and shared.
 */
import { GOALS } from '../forms/evaluation.js';
import {
  levelsOf,
  parseNumbering,
  sectionOfHeading,
  type NumberingLevel,
  type Numbered,
  type SectionKey,
  type SectionSpec,
} from '../forms/report.js';
import { proseMemo, readProse, type Prose } from '../text-figures.js';
import { rule, type Location, type Rule, type RuleContext } from './types.js';
import type { Severity } from '../templates.js';

export interface Paragraph {
  text: string;
  /** the report section it stands in; for a table's prose, an index past the report's sections */
  sectionIndex: number;
  paragraphIndex: number;
  heading: string;
  section: SectionKey | undefined;
  /** where a finding about it points */
  location: Location;
  /** how a message names it: "“一、基本情况”第 2 段", "附件3“村级补助”年度总体目标·预期目标" */
  place: string;
}

/** The outline section of every written section (undefined where the heading is not one), read once per check. */
export function sectionSpecs(ctx: RuleContext): (SectionSpec | undefined)[] {
  return ctx.memo('report-text:sections', () => (ctx.pkg.report?.sections ?? []).map((s) => sectionOfHeading(s.heading)));
}

/**
 * The numbering of every paragraph of each report section (parseNumbering) and its level (numberingLevels),
 * by section then paragraph: several rules read both, so they are parsed once per check.
 */
export function sectionNumbering(ctx: RuleContext): { numbered: (Numbered | null)[]; levels: NumberingLevel[] }[] {
  return ctx.memo('report-text:numbering', () =>
    (ctx.pkg.report?.sections ?? []).map((section) => {
      const numbered = section.paragraphs.map(parseNumbering);
      return { numbered, levels: levelsOf(numbered) };
    }),
  );
}

/** A paragraph's numbering (parseNumbering): a report paragraph's from sectionNumbering, a table's prose parsed. */
export function numberingOf(ctx: RuleContext, p: Paragraph): Numbered | null {
  const inSection = sectionNumbering(ctx)[p.sectionIndex]?.numbered;
  return inSection && p.paragraphIndex < inSection.length ? (inSection[p.paragraphIndex] ?? null) : parseNumbering(p.text);
}

/** Every paragraph of the report with the outline section it stands in, read once per check. */
export function paragraphs(ctx: RuleContext): Paragraph[] {
  return ctx.memo('report-text:paragraphs', () => {
    const out: Paragraph[] = [];
    const specs = sectionSpecs(ctx);
    (ctx.pkg.report?.sections ?? []).forEach((section, sectionIndex) => {
      const key = specs[sectionIndex]?.key;
      section.paragraphs.forEach((text, paragraphIndex) =>
        out.push({
          text,
          sectionIndex,
          paragraphIndex,
          heading: section.heading,
          section: key,
          location: { part: '报告', path: `report.sections[${sectionIndex}].paragraphs[${paragraphIndex}]`, row: section.heading.trim() },
          place: `“${section.heading.trim()}”第 ${paragraphIndex + 1} 段`,
        }),
      );
      // The unit's explanation is its prose too: the figures it quotes are checked like the paragraphs'.
      if (section.explanation.trim() !== '') {
        out.push({
          text: section.explanation,
          sectionIndex,
          paragraphIndex: section.paragraphs.length,
          heading: section.heading,
          section: key,
          location: { part: '报告', path: `report.sections[${sectionIndex}].explanation`, row: section.heading.trim() },
          place: `“${section.heading.trim()}”的单位说明`,
        });
      }
    });
    let sectionIndex = ctx.pkg.report?.sections.length ?? 0;
    const goals = (part: '附件2' | '附件3', path: string, name: string, table: { goals: { expected: string; actual: string } }) => {
      const index = sectionIndex++;
      (['expected', 'actual'] as const).forEach((key, paragraphIndex) => {
        const column = GOALS[key].label;
        out.push({
          text: table.goals[key],
          sectionIndex: index,
          paragraphIndex,
          heading: `${name}${GOALS.label}`,
          section: undefined,
          location: { part, path: `${path}.goals.${key}`, row: GOALS.label, column },
          place: `${part}${name ? `“${name}”` : ''}${GOALS.label}·${column}`,
        });
      });
    };
    if (ctx.pkg.overall) goals('附件2', 'overall', '', ctx.pkg.overall);
    (ctx.pkg.projects ?? []).forEach((project, i) => goals('附件3', `projects[${i}]`, project.name, project));
    return out;
  });
}

/** Every paragraph with the figures its prose states, read once per check. */
export function proseParagraphs(ctx: RuleContext): { paragraph: Paragraph; prose: Prose }[] {
  return ctx.memo('report-text:prose', () =>
    paragraphs(ctx).map((paragraph) => ({ paragraph, prose: readProse(paragraph.text, ctx.pkg.year) })),
  );
}

/**
 * A rule that reads each paragraph's prose alone (the report's counts, say): what `find` says of a
 * paragraph is kept with its prose, and reported, after where the paragraph stands, at every paragraph
 * that reads so.
 */
export function proseRule(id: string, severity: Severity, description: string, find: (prose: Prose) => string[]): Rule {
  const key = `rule:${id}`;
  return rule(id, severity, description, (ctx, report) => {
    for (const { paragraph, prose } of proseParagraphs(ctx))
      for (const message of proseMemo(prose, key, find)) report(`${place(paragraph)}：${message}`, where(paragraph));
  });
}

export const where = (p: Paragraph): Location => p.location;

/** Where a paragraph stands, as a message says it. */
export function place(p: Paragraph): string {
  return p.place;
}

/** Spans [start, end) of a paragraph's text. */
export type Spans = Map<Paragraph, [number, number][]>;

export function overlaps(spans: Spans, p: Paragraph, start: number, end: number): boolean {
  return (spans.get(p) ?? []).some(([s, e]) => s < end && start < e);
}

export function addSpan(spans: Spans, p: Paragraph, start: number, end: number): void {
  const list = spans.get(p) ?? [];
  list.push([start, end]);
  spans.set(p, list);
}
