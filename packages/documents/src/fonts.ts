/**
 * The free CJK fonts the PDF embeds, all from npm packages so that `npm install` alone provides
 * them (OFL-1.1): Noto Serif SC for 仿宋 body text and 楷体 sub-headings (bold), Noto Sans SC for
 * 黑体 headings, Noto Serif SC Bold for the 小标宋 title. The official fonts (仿宋_GB2312, 方正小标宋)
 * are commercial and are only named in the DOCX. Files are read once per process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export type FontRole = 'body' | 'bold' | 'heading';

const FILES: Record<FontRole, string> = {
  body: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
  heading: '@expo-google-fonts/noto-sans-sc/500Medium/NotoSansSC_500Medium.ttf',
};

const require = createRequire(import.meta.url);
const cache = new Map<FontRole, Buffer>();

/** Path of the TTF file of a role. */
export function fontPath(role: FontRole): string {
  return require.resolve(FILES[role]);
}

/** The TTF bytes of a role, read on first use. */
export function fontData(role: FontRole): Buffer {
  let data = cache.get(role);
  if (!data) {
    data = readFileSync(fontPath(role));
    cache.set(role, data);
  }
  return data;
}
