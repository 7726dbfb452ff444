/**
 * Reading an amount cell as written. The package keeps amounts exactly as published ("797.2",
 * "0.0", "227.20"), so reading only removes what is formatting: thousands separators, full-width
 * digits, a "万元" suffix, surrounding spaces. Placeholders ("/", "……", "-", blank) are blank cells.
 */
import { isBlankMarker, readAmount as readAmountText, toHalfWidth, type Cell } from '@jixiao/core';

export type AmountReading = { ok: true; value: Cell } | { ok: false; text: string };

/** A cell with no figure ("/", "……", "-", blank). */
export const isPlaceholder = isBlankMarker;

/** An amount: core's reading of a typed amount, where a percentage is not an amount (nor is a figure in 元). */
export function readAmount(raw: string): AmountReading {
  const reading = readAmountText(raw);
  return reading.ok && !reading.percent ? { ok: true, value: reading.value } : { ok: false, text: raw.trim() };
}

/** A percentage or other declared figure, kept as written ("100.00%"); blank → null. */
export function readDeclared(raw: string): string | null {
  const text = raw.trim();
  return isPlaceholder(text) ? null : toHalfWidth(text).replace(/\s+/g, '');
}
