/**
 * The fonts the PDF embeds, one per GB/T 9704 role: 仿宋 body text, 小标宋 title, 黑体 headings,
 * 楷体 sub-headings. The official fonts (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312) are used
 * where the machine has them; they are commercial, so they are looked up, never shipped. Otherwise
 * the free fonts closest in style: 楷体 from LXGW WenKai or AR PL KaitiM (Debian fonts-lxgw-wenkai,
 * fonts-arphic-gkai00mp) when installed, and the Noto SC fonts from npm packages (OFL-1.1), which
 * `npm install` alone provides, for the rest. The npm 楷体 packages are web fonts cut into
 * hundreds of unicode-range pieces, which a PDF cannot embed as one font, so none is bundled.
 *
 * Parsing a 15 MB CJK font takes longer than laying out a whole report, so each font is parsed
 * once per process and its parsed form reused by every later document.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export type FontRole = 'body' | 'title' | 'heading' | 'kai';
export const FONT_ROLES: readonly FontRole[] = ['body', 'title', 'heading', 'kai'];

/** What each role is called in a 公文 (and in the DOCX's font names). */
export const ROLE_NAMES: Record<FontRole, string> = { body: '仿宋', title: '小标宋', heading: '黑体', kai: '楷体' };

export interface FontFile {
  path: string;
  /** PostScript name of the face in a font collection (.ttc). */
  face?: string;
  /** The font's name as a user knows it. */
  name: string;
  source: 'official' | 'free' | 'bundled';
}

interface Candidate {
  name: string;
  /** File names, lower case, as the font's vendor or the OS installs it. */
  files: string[];
  face?: string;
  source: 'official' | 'free';
}

/** Per role, the fonts to look for, best first. */
const CANDIDATES: Record<FontRole, Candidate[]> = {
  body: [
    { name: '仿宋_GB2312', files: ['仿宋_gb2312.ttf', 'fangsong_gb2312.ttf', 'fs_gb2312.ttf'], source: 'official' },
    { name: '仿宋', files: ['simfang.ttf', '仿宋.ttf', 'fangsong.ttf'], source: 'official' },
    { name: '华文仿宋', files: ['stfangso.ttf'], source: 'official' },
  ],
  title: [
    {
      name: '方正小标宋简体',
      files: ['方正小标宋简体.ttf', 'fzxbsjw.ttf', 'fzxbsjw--gb1-0.ttf', 'fzxiaobiaosong-b05s.ttf'],
      source: 'official',
    },
  ],
  heading: [{ name: '黑体', files: ['simhei.ttf', '黑体.ttf'], source: 'official' }],
  kai: [
    { name: '楷体_GB2312', files: ['楷体_gb2312.ttf', 'kaiti_gb2312.ttf', 'simkai_gb2312.ttf'], source: 'official' },
    { name: '楷体', files: ['simkai.ttf', '楷体.ttf', 'stkaiti.ttf'], source: 'official' },
    { name: '华文楷体', files: ['kaiti.ttc'], face: 'STKaiti', source: 'official' },
    { name: 'LXGW WenKai（霞鹜文楷）', files: ['lxgwwenkai-regular.ttf'], source: 'free' },
    { name: 'AR PL KaitiM GB（文鼎简中楷）', files: ['gkai00mp.ttf'], source: 'free' },
  ],
};

/** The npm fonts every machine has, by role. */
const BUNDLED: Record<FontRole, { module: string; name: string }> = {
  body: { module: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf', name: 'Noto Serif SC' },
  title: { module: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf', name: 'Noto Serif SC Bold' },
  heading: { module: '@expo-google-fonts/noto-sans-sc/500Medium/NotoSansSC_500Medium.ttf', name: 'Noto Sans SC Medium' },
  kai: { module: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf', name: 'Noto Serif SC Bold' },
};

const require = createRequire(import.meta.url);

export function bundledFont(role: FontRole): FontFile {
  return { path: require.resolve(BUNDLED[role].module), name: BUNDLED[role].name, source: 'bundled' };
}

/** Where fonts are installed: `JIXIAO_FONT_DIR` (several joined by the path delimiter) first, then the system's folders. */
export function fontDirs(): string[] {
  const own = (process.env.JIXIAO_FONT_DIR ?? '').split(delimiter).filter(Boolean);
  const home = homedir();
  const system =
    process.platform === 'win32'
      ? [join(process.env.WINDIR ?? 'C:\\Windows', 'Fonts'), join(process.env.LOCALAPPDATA ?? '', 'Microsoft', 'Windows', 'Fonts')]
      : process.platform === 'darwin'
        ? ['/Library/Fonts', join(home, 'Library/Fonts'), '/System/Library/Fonts']
        : ['/usr/share/fonts', '/usr/local/share/fonts', join(home, '.fonts'), join(home, '.local/share/fonts')];
  return [...own, ...system];
}

/** Bounds on the folder walk, so that a huge or looping font folder cannot stall a render. */
const MAX_DEPTH = 4;
const MAX_ENTRIES = 20_000;

/** Font files under the folders by lower-case file name; an earlier folder wins. */
function fontFiles(dirs: readonly string[]): Map<string, string> {
  const files = new Map<string, string>();
  let seen = 0;
  const walk = (dir: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (++seen > MAX_ENTRIES) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory() && depth < MAX_DEPTH) walk(path, depth + 1);
      else if (/\.(ttf|otf|ttc)$/i.test(entry.name) && !files.has(entry.name.toLowerCase())) files.set(entry.name.toLowerCase(), path);
    }
  };
  for (const dir of dirs) walk(dir, 0);
  return files;
}

const found = new Map<string, Record<FontRole, FontFile>>();

/** The font of each role: the best one installed in `dirs`, else the bundled one. Looked up once per set of folders. */
export function findFonts(dirs: readonly string[] = fontDirs()): Record<FontRole, FontFile> {
  const key = dirs.join('\u0000');
  const known = found.get(key);
  if (known) return known;
  const files = fontFiles(dirs);
  const pick = (role: FontRole): FontFile => {
    for (const candidate of CANDIDATES[role]) {
      const path = candidate.files.map((file) => files.get(file)).find((p) => p !== undefined);
      if (path) return { path, name: candidate.name, source: candidate.source, ...(candidate.face ? { face: candidate.face } : {}) };
    }
    return bundledFont(role);
  };
  const fonts = { body: pick('body'), title: pick('title'), heading: pick('heading'), kai: pick('kai') };
  found.set(key, fonts);
  return fonts;
}

/** "仿宋：仿宋_GB2312；小标宋：Noto Serif SC Bold（代用）…": which font stands for each role. */
export function describeFonts(fonts: Record<FontRole, FontFile>): string {
  return FONT_ROLES.map((role) => `${ROLE_NAMES[role]}：${fonts[role].name}${fonts[role].source === 'official' ? '' : '（代用）'}`).join(
    '；',
  );
}

/** Path of the font file of a role on this machine. */
export function fontPath(role: FontRole): string {
  return findFonts()[role].path;
}

const data = new Map<string, Buffer>();

function fontData(path: string): Buffer {
  let bytes = data.get(path);
  if (!bytes) {
    bytes = readFileSync(path);
    data.set(path, bytes);
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

/** Parsed fonts by file and face. */
const parsed = new Map<string, Parsed>();
/** Bound on the shared shaping cache, so that a long-running server does not grow without limit. */
const MAX_LAYOUTS = 100_000;

function attach(doc: PDFKit.PDFDocument, role: string, file: FontFile): void {
  const table = doc as unknown as FontTable;
  const key = `${file.path}\u0000${file.face ?? ''}`;
  doc.registerFont(role, fontData(file.path), file.face as string);
  const known = parsed.get(key);
  if (known && table._fontFamilies && typeof table._fontCount === 'number') {
    table._fontCount += 1;
    const font = new known.make(doc, known.font, `F${table._fontCount}`);
    if (font.layoutCache) {
      if (Object.keys(known.layouts).length > MAX_LAYOUTS) known.layouts = Object.create(null) as Record<string, unknown>;
      font.layoutCache = known.layouts;
    }
    table._fontFamilies[role] = font;
    return;
  }
  // First document with this font (or a pdfkit without that table): let pdfkit parse, then remember the result.
  doc.font(role);
  const font = table._font as { font?: unknown; layoutCache?: Record<string, unknown>; constructor: Parsed['make'] } | undefined;
  if (font?.font) {
    parsed.set(key, {
      font: font.font,
      make: font.constructor,
      layouts: font.layoutCache ?? (Object.create(null) as Record<string, unknown>),
    });
  }
}

/**
 * Makes the four fonts available to a pdfkit document under their role names; returns the fonts
 * used. A font file that cannot be read or parsed gives way to the bundled font of its role.
 */
export function attachFonts(doc: PDFKit.PDFDocument, fonts: Record<FontRole, FontFile> = findFonts()): Record<FontRole, FontFile> {
  const used = { ...fonts };
  const table = doc as unknown as FontTable;
  for (const [k, role] of FONT_ROLES.entries()) {
    // A file that stands for two roles (the bundled Noto Serif SC Bold for 小标宋 and 楷体) is embedded once.
    const same = FONT_ROLES.slice(0, k).find((r) => used[r].path === used[role].path && used[r].face === used[role].face);
    const shared = same && table._fontFamilies?.[same];
    if (shared && table._fontFamilies) {
      table._fontFamilies[role] = shared;
      continue;
    }
    try {
      attach(doc, role, fonts[role]);
    } catch {
      used[role] = bundledFont(role);
      attach(doc, role, used[role]);
    }
    if (used[role].source !== 'bundled') attach(doc, fallbackFont(role), bundledFont(role));
  }
  return used;
}

/**
 * The name under which a role's bundled font is attached when the role's own font is an installed
 * one: 仿宋_GB2312 and 楷体_GB2312 hold GB2312's 6,763 characters only, so a rarer character of a
 * unit's name is set in the bundled font rather than left out.
 */
export const fallbackFont = (role: FontRole) => `${role}-fallback`;
