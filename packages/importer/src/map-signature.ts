/** The signature line under the tables: 单位负责人签字 / 填表人 / 联系电话 / 填报日期. */
import { SIGNATURE_FIELDS, type Signature } from '@jixiao/core';
import type { ImportContext } from './context.js';
import type { SourceBlock } from './source.js';

const FIELDS: [keyof Signature, string][] = SIGNATURE_FIELDS.map((field) => [field.key, field.pattern]);

const ANY_LABEL = new RegExp(`(${FIELDS.map(([, p]) => p).join('|')})\\s*[:：]`, 'g');

export function mapSignature(blocks: SourceBlock[], signature: Signature, ctx: ImportContext): boolean {
  for (const block of blocks) {
    // A paragraph under the tables, or (XLSX) a row holding the line in one cell.
    const holder = block.kind === 'paragraph' ? block : block.cells.find((cell) => /单位负责人/.test(cell.text));
    if (!holder || !/单位负责人/.test(holder.text) || !/填表人/.test(holder.text)) continue;
    const text = holder.text.replace(/\n/g, ' ');
    const matches = [...text.matchAll(ANY_LABEL)];
    matches.forEach((match, index) => {
      const start = match.index + match[0].length;
      const end = matches[index + 1]?.index ?? text.length;
      const field = FIELDS.find(([, pattern]) => new RegExp(`^${pattern}$`).test(match[1]!));
      if (field) signature[field[0]] = text.slice(start, end).trim();
    });
    ctx.use(holder);
    return true;
  }
  return false;
}
