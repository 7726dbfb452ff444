/** Reading single cells into package values, recording what cannot be read. */
import type { Cell } from '@jixiao/core';
import { readAmount, readDeclared } from './amount.js';
import type { ImportContext } from './context.js';
import { cleanText, oneLine } from './normalize.js';
import type { SourceCell } from './source.js';

/** An amount cell; an unreadable one is left blank, warned about and listed as unmapped. */
export function amountCell(ctx: ImportContext, cell: SourceCell | undefined, what: string): Cell {
  if (!cell) return null;
  const reading = readAmount(cell.text);
  if (reading.ok) {
    ctx.use(cell);
    return reading.value;
  }
  ctx.note('警告', `“${what}”的数值“${reading.text}”不是可识别的金额或数字，已留空`, cell.location);
  return null;
}

/** A printed derived figure (rate, score) kept as written. */
export function declaredCell(ctx: ImportContext, cell: SourceCell | undefined): string | null {
  if (!cell) return null;
  ctx.use(cell);
  return readDeclared(cell.text);
}

/**
 * The length limit platforms print in a blank form's text cells ("说明相关任务目标的完成情况(100字以内)"):
 * such a cell holds the form's instructions, left as they were, not the unit's answer.
 */
const FILL_IN_LIMIT = /[(（]\s*(\d+)\s*字(?:以内|以下|左右)\s*[)）]/;

/** A text cell: lines trimmed, empty lines dropped, joined with "\n"; placeholders and a form's instructions are empty. */
export function textCell(ctx: ImportContext, cell: SourceCell | undefined): string {
  if (!cell) return '';
  ctx.use(cell);
  const text = cleanText(cell.text);
  if (/^(?:\/|／|…+)$/.test(text)) return '';
  const limit = FILL_IN_LIMIT.exec(text);
  if (limit) {
    const shown = text.length > 24 ? `${oneLine(text).slice(0, 24)}…` : oneLine(text);
    ctx.note('提示', `“${shown}”是表格自带的填写说明（限 ${limit[1]} 字），不是单位填写的内容，按未填处理`, cell.location);
    return '';
  }
  return text;
}

/** A label-like cell spread over lines ("经济效\n益指标") read as one line. */
export function labelCell(ctx: ImportContext, cell: SourceCell | undefined): string {
  if (!cell) return '';
  ctx.use(cell);
  return oneLine(cell.text).trim();
}
