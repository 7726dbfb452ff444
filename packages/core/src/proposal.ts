/**
 * The drafted text of sections 二–五 as a proposal beside the unit's own text: both split in sentences,
 * each drafted sentence placed against the unit's (the same, replacing one, or new), so that the unit can
 * accept all of it, one sentence, or keep its own. The unit's text is only ever changed by an accept,
 * and what was accepted is recorded on the section (`acceptedDraft`) for reviewers. Pure functions.
 */
import type { ComputedPackage } from './compute.js';
import { draftSpendingSections } from './draft.js';
import { reportSection } from './empty.js';
import { REPORT_OUTLINE, sectionOfHeading, type SectionKey } from './forms/report.js';
import type { Package, Report, ReportSection } from './model.js';

/** Sentence ends: full stops, then any closing quotes or brackets that belong to the sentence. */
const SENTENCE = /[^。！？!?]*(?:[。！？!?]+[”’」』）)]*|$)/g;

/**
 * A paragraph's sentences, each with its closing punctuation; joined they give the paragraph back
 * exactly. A paragraph without a full stop (a sub-heading) is one sentence.
 */
export function sentences(paragraph: string): string[] {
  return (paragraph.match(SENTENCE) ?? []).filter((s) => s !== '');
}

/** Where a sentence stands in a section: its paragraph and its place in that paragraph. */
export interface SentenceAt {
  paragraph: number;
  sentence: number;
}

/**
 * Where a drafted sentence goes: the unit's text already says it (`same`), it replaces the unit's
 * sentence that says the same thing with other words or figures (`replace`), or it is new and goes
 * before `at` — inside a paragraph, or as a paragraph of its own (`newParagraph`).
 */
export type Placement =
  { kind: 'same'; at: SentenceAt } | { kind: 'replace'; at: SentenceAt } | { kind: 'insert'; at: SentenceAt; newParagraph: boolean };

export interface ProposedSentence {
  text: string;
  placement: Placement;
}

export interface SectionProposal {
  key: SectionKey;
  /** the heading in the official numbering, for the section to add when the unit wrote none */
  heading: string;
  /** index of the unit's section in `report.sections`; -1 when the unit wrote no such section */
  section: number;
  /** the unit's paragraphs, in sentences */
  own: string[][];
  /** the drafted paragraphs, in sentences, each placed against the unit's */
  proposal: ProposedSentence[][];
}

/** Text compared without its spacing: units type spaces after numbers and between words at will. */
const bare = (text: string) => text.replace(/\s+/g, '');

function bigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < text.length; i++) out.add(text.slice(i, i + 2));
  return out;
}

/**
 * How far two sentences say the same thing: the share of the shorter one's character pairs the other
 * holds, so that a drafted sentence matches the unit's longer sentence that carries it and more.
 */
function likeness(a: Set<string>, b: Set<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  if (small.size === 0) return 0;
  let shared = 0;
  for (const pair of small) if (large.has(pair)) shared += 1;
  return shared / small.size;
}

/** Below this a drafted sentence is new, not another wording of one of the unit's. */
const SAME_THING = 0.6;

/** The drafted sentences placed against the unit's: best matches first, each of the unit's used once. */
function place(own: string[][], drafted: string[][]): ProposedSentence[][] {
  const ownAt = own.flatMap((paragraph, p) => paragraph.map((text, s) => ({ at: { paragraph: p, sentence: s }, text: bare(text) })));
  const draftAt = drafted.flatMap((paragraph, p) => paragraph.map((text, s) => ({ p, s, text: bare(text) })));
  const ownPairs = ownAt.map((o) => bigrams(o.text));
  const pairs: { d: number; o: number; score: number }[] = [];
  draftAt.forEach((d, di) => {
    const mine = bigrams(d.text);
    ownAt.forEach((o, oi) => {
      const score = o.text === d.text ? 2 : likeness(mine, ownPairs[oi] as Set<string>);
      if (score >= SAME_THING) pairs.push({ d: di, o: oi, score });
    });
  });
  pairs.sort((x, y) => y.score - x.score || x.d - y.d || x.o - y.o);
  const matchOf = new Map<number, number>();
  const taken = new Set<number>();
  for (const { d, o } of pairs) {
    if (matchOf.has(d) || taken.has(o)) continue;
    matchOf.set(d, o);
    taken.add(o);
  }
  const matched = (di: number) => {
    const o = matchOf.get(di);
    return o === undefined ? undefined : (ownAt[o] as (typeof ownAt)[number]).at;
  };
  const placement = (di: number): Placement => {
    const d = draftAt[di] as (typeof draftAt)[number];
    const at = matched(di);
    if (at) return { kind: ownAt[matchOf.get(di) as number]?.text === d.text ? 'same' : 'replace', at };
    // A new sentence goes beside its paragraph's matched neighbours; a paragraph with none becomes one of its own.
    for (let before = di - 1; before >= 0 && draftAt[before]?.p === d.p; before--) {
      const near = matched(before);
      if (near) return { kind: 'insert', at: { paragraph: near.paragraph, sentence: near.sentence + 1 }, newParagraph: false };
    }
    for (let after = di + 1; after < draftAt.length && draftAt[after]?.p === d.p; after++) {
      const near = matched(after);
      if (near) return { kind: 'insert', at: near, newParagraph: false };
    }
    for (let before = di - 1; before >= 0; before--) {
      const near = matched(before);
      if (near) return { kind: 'insert', at: { paragraph: near.paragraph + 1, sentence: 0 }, newParagraph: true };
    }
    for (let after = di + 1; after < draftAt.length; after++) {
      const near = matched(after);
      if (near) return { kind: 'insert', at: { paragraph: near.paragraph, sentence: 0 }, newParagraph: true };
    }
    return { kind: 'insert', at: { paragraph: own.length, sentence: 0 }, newParagraph: true };
  };
  let di = 0;
  return drafted.map((paragraph) => paragraph.map((text) => ({ text, placement: placement(di++) })));
}

/** For each of sections 二–五, the drafted text beside the unit's, in outline order. */
export function draftProposals(pkg: Package, computed: ComputedPackage): SectionProposal[] {
  const written = pkg.report?.sections ?? [];
  return draftSpendingSections(pkg, computed).map((draft) => {
    const section = written.findIndex((s) => sectionOfHeading(s.heading)?.key === draft.key);
    const own = (written[section]?.paragraphs ?? []).map(sentences);
    return { key: draft.key, heading: draft.heading, section, own, proposal: place(own, draft.paragraphs.map(sentences)) };
  });
}

/** Does the unit's text already say everything the draft says? */
export function proposalSettled(proposal: SectionProposal): boolean {
  return proposal.proposal.every((paragraph) => paragraph.every((s) => s.placement.kind === 'same'));
}

/**
 * The report with the proposal's section present: the unit's, or a new empty one where the outline
 * puts it (before the first written section the outline numbers after it), and its index.
 */
function withSection(report: Report, proposal: SectionProposal): { sections: ReportSection[]; index: number } {
  const sections = report.sections.map((s) => ({ ...s, paragraphs: [...s.paragraphs], acceptedDraft: [...s.acceptedDraft] }));
  if (proposal.section >= 0) return { sections, index: proposal.section };
  const number = REPORT_OUTLINE.find((spec) => spec.key === proposal.key)?.number ?? 0;
  const later = sections.findIndex((s) => (sectionOfHeading(s.heading)?.number ?? 0) > number);
  const index = later === -1 ? sections.length : later;
  sections.splice(index, 0, reportSection(proposal.heading));
  return { sections, index };
}

/** The unit accepts the whole draft of a section: its paragraphs become the draft's; its explanation stays. */
export function acceptAll(report: Report, proposal: SectionProposal): Report {
  const { sections, index } = withSection(report, proposal);
  const section = sections[index] as ReportSection;
  section.paragraphs = proposal.proposal.map((paragraph) => paragraph.map((s) => s.text).join(''));
  section.acceptedDraft = proposal.proposal.flat().map((s) => s.text.trim());
  return { ...report, sections };
}

/** The unit accepts one drafted sentence: it replaces the unit's sentence it matches, or goes where it belongs. */
export function acceptSentence(report: Report, proposal: SectionProposal, at: SentenceAt): Report {
  const chosen = proposal.proposal[at.paragraph]?.[at.sentence];
  if (!chosen || chosen.placement.kind === 'same') return report;
  const { sections, index } = withSection(report, proposal);
  const section = sections[index] as ReportSection;
  const { placement } = chosen;
  const own = section.paragraphs.map(sentences);
  if (placement.kind === 'replace') {
    own[placement.at.paragraph]?.splice(placement.at.sentence, 1, chosen.text);
  } else if (placement.newParagraph) {
    own.splice(placement.at.paragraph, 0, [chosen.text]);
  } else {
    own[placement.at.paragraph]?.splice(placement.at.sentence, 0, chosen.text);
  }
  section.paragraphs = own.map((paragraph) => paragraph.join(''));
  section.acceptedDraft.push(chosen.text.trim());
  return { ...report, sections };
}
