/**
 * The free CJK fonts the PDF embeds, all from npm packages so that `npm install` alone provides
 * them (OFL-1.1): Noto Serif SC for 仿宋 body text, Noto Serif SC Bold for the 小标宋 title and for
 * 楷体 sub-headings, Noto Sans SC for 黑体 headings. The official fonts (仿宋_GB2312, 方正小标宋) are
 * commercial and are only named in the DOCX.
 *
 * Parsing a 15 MB CJK font takes longer than laying out a whole report, so each font is parsed
 * once per process and its parsed form reused by every later document.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export type FontRole = 'body' | 'bold' | 'heading';
export const FONT_ROLES: readonly FontRole[] = ['body', 'bold', 'heading'];

const FILES: Record<FontRole, string> = {
  body: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
  heading: '@expo-google-fonts/noto-sans-sc/500Medium/NotoSansSC_500Medium.ttf',
};

const require = createRequire(import.meta.url);
const data = new Map<FontRole, Buffer>();

/** Path of the TTF file of a role. */
export function fontPath(role: FontRole): string {
  return require.resolve(FILES[role]);
}

/** The TTF bytes of a role, read on first use. */
export function fontData(role: FontRole): Buffer {
  let bytes = data.get(role);
  if (!bytes) {
    bytes = readFileSync(fontPath(role));
    data.set(role, bytes);
  }
  return bytes;
}

/**
 * The parts of pdfkit 0.17's font handling used to share parsed fonts between documents. pdfkit
 * only takes font bytes and parses them anew per document; a document whose font table already
 * holds a font under a name uses that one.
 */
interface FontTable {
  _fontFamilies?: Record<string, { layoutCache?: Record<string, unknown> }>;
  _fontCount?: number;
  _font?: unknown;
}

interface Parsed {
  font: unknown;
  make: new (doc: unknown, font: unknown, id: string) => { layoutCache?: Record<string, unknown> };
  /** Shaped text runs by text: font-level data (glyphs, advances), the same in every document. */
  layouts: Record<string, unknown>;
}

const parsed = new Map<FontRole, Parsed>();
/** Bound on the shared shaping cache, so that a long-running server does not grow without limit. */
const MAX_LAYOUTS = 100_000;

/** Make the three fonts available to a pdfkit document under their role names. */
export function attachFonts(doc: PDFKit.PDFDocument): void {
  const table = doc as unknown as FontTable;
  for (const role of FONT_ROLES) {
    doc.registerFont(role, fontData(role));
    const known = parsed.get(role);
    if (known && table._fontFamilies && typeof table._fontCount === 'number') {
      table._fontCount += 1;
      const font = new known.make(doc, known.font, `F${table._fontCount}`);
      if (font.layoutCache) {
        if (Object.keys(known.layouts).length > MAX_LAYOUTS) known.layouts = Object.create(null) as Record<string, unknown>;
        font.layoutCache = known.layouts;
      }
      table._fontFamilies[role] = font;
    } else {
      // First document (or a pdfkit without that table): let pdfkit parse, then remember the result.
      doc.font(role);
      const font = table._font as { font?: unknown; layoutCache?: Record<string, unknown>; constructor: Parsed['make'] } | undefined;
      if (font?.font) {
        parsed.set(role, {
          font: font.font,
          make: font.constructor,
          layouts: font.layoutCache ?? (Object.create(null) as Record<string, unknown>),
        });
      }
    }
  }
}
