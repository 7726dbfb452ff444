// The part of fontkit's API the font-coverage test uses (fontkit ships no type declarations).
declare module 'fontkit' {
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function openSync(path: string): Font | { fonts: Font[] };
}
