/**
 * The 自评报告 as a flat list of typed blocks (title, headings, body paragraphs) in GB/T 9704 terms,
 * so that the DOCX and the PDF set the same text in the same roles.
 */
import { isStandaloneHeading, numberingLevels, type Report } from '@jixiao/core';
import { clean } from './text.js';

export type BlockKind = 'heading1' | 'heading2' | 'heading3' | 'body' | 'attachmentList';

export interface Block {
  kind: BlockKind;
  /**
   * For a body paragraph with a run-in sub-heading "（一）党建引领，凝心聚魂。": that heading (楷体);
   * for the first line of the 附件 list: 「附件：」.
   */
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

/**
 * Report body blocks after the title: the opening paragraphs, sections with their numbered paragraphs and
 * explanations, then the 附件 list.
 */
export function reportBlocks(report: Report): Block[] {
  const blocks: Block[] = report.opening.map((line) => ({ kind: 'body', lead: '', text: clean(line) }));
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
  report.attachmentList.forEach((line, i) => blocks.push(attachmentItem(clean(line), i === 0)));
  return blocks;
}

/** 「附件：1、名称」, 「2．名称」: the list's own words, its numbering written any of the usual ways. */
const LIST_ITEM = /^(附件[：:]\s*)?(\d+)\s*[、.．,，]?\s*(.*)$/su;

/**
 * One line of the 附件 list in GB/T 9704 (7.3.5) form: 「附件：1. 名称」 on the first line, later
 * items numbered 「2. 名称」 (the renderers align them under the first name). A line without a
 * number is kept as it is.
 */
function attachmentItem(line: string, first: boolean): Block {
  const match = LIST_ITEM.exec(line.trim());
  if (!match) return { kind: 'attachmentList', lead: '', text: line };
  const [, label, number, name] = match;
  return { kind: 'attachmentList', lead: label || first ? '附件：' : '', text: `${number}. ${name ?? ''}` };
}
