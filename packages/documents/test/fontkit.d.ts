// The part of fontkit's API the tests use (fontkit ships no type declarations): glyph coverage, and
// the advance of a laid-out string against which the column widths' estimate is checked.
declare module 'fontkit' {
  export interface Font {
    unitsPerEm: number;
    hasGlyphForCodePoint(codePoint: number): boolean;
    layout(text: string): { advanceWidth: number };
  }
  export function openSync(path: string): Font | { fonts: Font[] };
}
