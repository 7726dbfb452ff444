/**
 * The prose the text rules read: the report's paragraphs and the unit's explanations, each with the outline section it stands in,
 * and the prose of the tables — 年度总体目标 预期目标 / 实际完成情况 of 附件2 and each 附件3, where units
 * state sums and rates in words just as in the report. Each with its figures (text-figures.ts) and
 * where a finding about it points. Read once per check and shared.
 */
import { GOALS } from '../forms/evaluation.js';
import {
  REPORT_FORM,
  levelsOf,
  parseNumbering,
  sectionOfHeading,
  type NumberingLevel,
  type Numbered,
  type SectionKey,
  type SectionSpec,
} from '../forms/report.js';
import { proseMemo, readProse, type Prose } from '../text-figures.js';
import { rule, type Location, type Rule, type RuleContext, type Severity } from './types.js';

export interface Paragraph {
  text: string;
  /** the report section it stands in; -1 for the opening paragraphs; for a table's prose, an index past the report's sections */
  sectionIndex: number;
  paragraphIndex: number;
  heading: string;
  section: SectionKey | undefined;
  /** what it is: where() and place() name it from this, only for the paragraphs a finding is about */
  source: ParagraphSource;
}

/** A paragraph of the opening or of a report section, a section's explanation by the unit, or one column of a table's goals. */
type ParagraphSource =
  | { kind: 'opening' | 'paragraph' | 'explanation' }
  | { kind: 'goals'; part: '附件2' | '附件3'; path: string; name: string; key: 'expected' | 'actual' };

/** The outline section of every written section (undefined where the heading is not one), read once per check. */
export function sectionSpecs(ctx: RuleContext): (SectionSpec | undefined)[] {
  return ctx.memo('report-text:sections', () => (ctx.pkg.report?.sections ?? []).map((s) => sectionOfHeading(s.heading)));
}

/**
 * The numbering of every paragraph of each report section (parseNumbering) and its level (numberingLevels),
 * by section then paragraph: several rules read both, so they are parsed once per check.
 */
export function sectionNumbering(ctx: RuleContext): { numbered: (Numbered | null)[]; levels: NumberingLevel[] }[] {
  return ctx.memo('report-text:numbering', () => {
    const numbered = (ctx.pkg.report?.sections ?? []).map((): (Numbered | null)[] => []);
    // A paragraph's numbering is its text's alone: kept with its prose, as the rules' other readings.
    for (const { paragraph, prose } of proseParagraphs(ctx))
      if (paragraph.source.kind === 'paragraph')
        numbered[paragraph.sectionIndex]![paragraph.paragraphIndex] = proseMemo(prose, 'report-text:numbering', numberingOfProse);
    return numbered.map((list) => ({ numbered: list, levels: levelsOf(list) }));
  });
}

const numberingOfProse = (prose: Prose): Numbered | null => parseNumbering(prose.written);

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
    const paragraph = { kind: 'paragraph' } as const;
    const explanation = { kind: 'explanation' } as const;
    const opening = { kind: 'opening' } as const;
    (ctx.pkg.report?.opening ?? []).forEach((text, paragraphIndex) =>
      out.push({ text, sectionIndex: -1, paragraphIndex, heading: '', section: undefined, source: opening }),
    );
    (ctx.pkg.report?.sections ?? []).forEach(({ heading, paragraphs, explanation: explained }, sectionIndex) => {
      const section = specs[sectionIndex]?.key;
      paragraphs.forEach((text, paragraphIndex) => out.push({ text, sectionIndex, paragraphIndex, heading, section, source: paragraph }));
      // The unit's explanation is its prose too: the figures it quotes are checked like the paragraphs'.
      if (explained.trim() !== '')
        out.push({ text: explained, sectionIndex, paragraphIndex: paragraphs.length, heading, section, source: explanation });
    });
    let sectionIndex = ctx.pkg.report?.sections.length ?? 0;
    const goals = (part: '附件2' | '附件3', path: string, name: string, table: { goals: { expected: string; actual: string } }) => {
      const index = sectionIndex++;
      (['expected', 'actual'] as const).forEach((key, paragraphIndex) => {
        out.push({
          text: table.goals[key],
          sectionIndex: index,
          paragraphIndex,
          heading: `${name}${GOALS.label}`,
          section: undefined,
          source: { kind: 'goals', part, path, name, key },
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

/** Where a finding about a paragraph points. */
export function where(p: Paragraph): Location {
  const { source } = p;
  if (source.kind === 'goals') {
    const column = GOALS[source.key].label;
    return { part: source.part, path: `${source.path}.goals.${source.key}`, row: GOALS.label, column };
  }
  if (source.kind === 'opening') return { part: '报告', path: `report.opening[${p.paragraphIndex}]`, row: REPORT_FORM.opening.label };
  const at = source.kind === 'paragraph' ? `paragraphs[${p.paragraphIndex}]` : 'explanation';
  return { part: '报告', path: `report.sections[${p.sectionIndex}].${at}`, row: p.heading.trim() };
}

/** Where a paragraph stands, as a message says it: "“一、基本情况”第 2 段", "附件3“村级补助”年度总体目标·预期目标". */
export function place(p: Paragraph): string {
  const { source } = p;
  if (source.kind === 'goals') return `${source.part}${source.name ? `“${source.name}”` : ''}${GOALS.label}·${GOALS[source.key].label}`;
  if (source.kind === 'opening') return `报告${REPORT_FORM.opening.label}第 ${p.paragraphIndex + 1} 段`;
  return source.kind === 'paragraph' ? `“${p.heading.trim()}”第 ${p.paragraphIndex + 1} 段` : `“${p.heading.trim()}”的单位说明`;
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
