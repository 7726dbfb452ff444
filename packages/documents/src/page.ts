/**
 * The GB/T 9704 page of the PDF: A4, margins 37/35/28/26 mm around a 156 × 225 mm text block of
 * 22 lines of 28 characters in 三号, and the sizes the documents use.
 */
export const PT_PER_MM = 72 / 25.4;
export const mm = (value: number) => value * PT_PER_MM;
export const MARGINS = { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) };
export const PAGE_WIDTH = mm(210);
export const PAGE_HEIGHT = mm(297);
export const TEXT_WIDTH = PAGE_WIDTH - MARGINS.left - MARGINS.right;
export const BODY_TOP = MARGINS.top;
export const BODY_BOTTOM = PAGE_HEIGHT - MARGINS.bottom;
/** Lines a page and characters a line holds. */
export const LINES = 22;
export const CHARS = 28;
/** 22 lines fit the 225 mm block; the DOCX's exact line spacing is the same 579 twips. */
export const LINE_PITCH = 28.95;
/** Advance of one full-width character: 28 of them fill the line (a 三号 glyph is a little wider). */
export const CELL = TEXT_WIDTH / CHARS;
/** Font sizes in points: 三号, 二号, 小二, 四号, and the tables' 小五. */
export const SAN = 16;
export const ER = 22;
export const XIAO_ER = 18;
export const SI = 14;
export const TABLE_SIZE = 9;

/** A coordinate in a content stream operator (to 1/1000 pt). */
export const num = (value: number) => String(Math.round(value * 1000) / 1000);
