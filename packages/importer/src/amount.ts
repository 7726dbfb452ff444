/**
 * Reading an amount cell as written. The package keeps amounts exactly as published ("797.2",
 * "0.0", "227.20"), so reading only removes what is formatting: thousands separators, full-width
 * digits, a "万元" suffix, surrounding spaces. Placeholders ("/", "……", "-", blank) are blank cells.
 */
import type { Cell } from '@jixiao/core';
import { toHalfWidth } from './normalize.js';

export type AmountReading = { ok: true; value: Cell } | { ok: false; text: string };

const PLACEHOLDER = /^(?:\/|／|…+|\.{2,}|-|—+|－|无)?$/u;
const NUMBER = /^-?\d+(?:\.\d+)?$/;

export function isPlaceholder(text: string): boolean {
  return PLACEHOLDER.test(text.replace(/\s+/g, ''));
}

export function readAmount(raw: string): AmountReading {
  const text = raw.replace(/\s+/g, '');
  if (PLACEHOLDER.test(text)) return { ok: true, value: null };
  let value = toHalfWidth(text)
    .replace(/^[+]/, '')
    .replace(/(?:万元|万)$/u, '');
  // "1,234.56": a comma is only a thousands separator when groups of three follow it.
  if (/^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(value)) value = value.replace(/,/g, '');
  if (NUMBER.test(value)) return { ok: true, value };
  return { ok: false, text: raw.trim() };
}

/** A percentage or other declared figure, kept as written ("100.00%"); blank → null. */
export function readDeclared(raw: string): string | null {
  const text = raw.trim();
  return isPlaceholder(text) ? null : toHalfWidth(text).replace(/\s+/g, '');
}
