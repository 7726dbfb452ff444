/**
 * The 自评报告 as a flat list of typed blocks (title, headings, body paragraphs) in GB/T 9704 terms,
 * so that the DOCX and the PDF set the same text in the same roles.
 */
import { isStandaloneHeading, numberingLevels, type Report } from '@jixiao/core';
import { clean } from './text.js';

export type BlockKind = 'heading1' | 'heading2' | 'heading3' | 'body' | 'attachmentList';

export interface Block {
  kind: BlockKind;
  /** For a body paragraph with a run-in sub-heading "（一）党建引领，凝心聚魂。": that heading (楷体). */
  lead: string;
  text: string;
}

/** Longest run-in heading still set in the heading font; a longer first sentence is body text. */
const RUN_IN_MAX = 40;

function subheading(text: string, level: number): Block {
  if (isStandaloneHeading(text)) return { kind: level === 2 ? 'heading2' : 'heading3', lead: '', text };
  const stop = text.indexOf('。');
  if (level === 2 && stop > 0 && stop < RUN_IN_MAX) {
    return { kind: 'body', lead: text.slice(0, stop + 1), text: text.slice(stop + 1) };
  }
  return { kind: 'body', lead: '', text };
}

/** Report body blocks after the title: sections with their numbered paragraphs and explanations, then the 附件 list. */
export function reportBlocks(report: Report): Block[] {
  const blocks: Block[] = [];
  for (const section of report.sections) {
    blocks.push({ kind: 'heading1', lead: '', text: clean(section.heading) });
    const paragraphs = section.paragraphs.map(clean);
    const levels = numberingLevels(paragraphs);
    paragraphs.forEach((text, i) => {
      const level = levels[i] ?? 0;
      blocks.push(level === 2 || level === 3 ? subheading(text, level) : { kind: 'body', lead: '', text });
    });
    // The unit's explanations close the section, one body paragraph a line, as the unit wrote them.
    for (const line of clean(section.explanation).split('\n')) {
      if (line.trim() !== '') blocks.push({ kind: 'body', lead: '', text: line });
    }
  }
  for (const line of report.attachmentList) blocks.push({ kind: 'attachmentList', lead: '', text: clean(line) });
  return blocks;
}
