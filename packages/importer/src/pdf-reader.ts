/**
 * PDF: every page's operator list read with pdfjs-dist (glyphs and drawn lines), each page laid
 * out into tables and lines, the pages assembled into one document. A PDF without text (a scan),
 * with a password, damaged or built to exhaust the reader is refused with a message saying so.
 */
import { ImportError } from './errors.js';
import { assemble, type LaidOutPage } from './pdf-document.js';
import type { Matrix } from './pdf-geometry.js';
import { loadPdfjs } from './pdf-load.js';
import { readOperators, type FontInfo } from './pdf-operators.js';
import { layoutPage } from './pdf-page.js';
import { checkStreams } from './pdf-streams.js';
import type { SourceDocument } from './source.js';

export const PDF_LIMITS = {
  pages: 300,
  /** Largest page side in points: PDF's own limit (200 inches). */
  pageSide: 14_400,
  /** Glyphs in the whole document: 300 dense pages hold about 1 000 000. */
  glyphs: 2_000_000,
  /** Operators on one page; the stream check keeps pages far below this. */
  operators: 1_000_000,
} as const;

const NO_TEXT =
  'PDF 文件中没有可以读取的文字，很可能是扫描件或由图片生成的 PDF。请先用文字识别（OCR）软件转换为带文字的文件，或改为导入 Word/Excel 原件';
const PASSWORD = 'PDF 文件设有打开密码（已加密），无法读取。请在 PDF 阅读器中输入密码后另存为不加密的 PDF，或改为导入 Word/Excel 原件';
const INVALID = '文件不是有效的 PDF，或文件已损坏、不完整，无法读取。请重新下载或重新导出后再试';

export async function readPdf(data: Uint8Array): Promise<SourceDocument> {
  checkStreams(data);
  const pdfjs = await loadPdfjs();
  const task = pdfjs.getDocument({
    // pdfjs takes over the buffer it is given.
    data: data.slice(),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    // Images are never needed: a page's text and rules are. pdfjs drops larger images undecoded.
    maxImageSize: 1,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
    ...cMaps(),
  });
  try {
    const pdf = await fromPdfjs(task.promise, 0);
    if (pdf.numPages > PDF_LIMITS.pages) {
      throw new ImportError(`PDF 共 ${pdf.numPages} 页，超过导入上限 ${PDF_LIMITS.pages} 页，拒绝读取`);
    }
    const pages: LaidOutPage[] = [];
    let glyphs = 0;
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await fromPdfjs(pdf.getPage(number), number);
      const viewport = page.getViewport({ scale: 1 });
      const { width, height } = viewport;
      if (!(width > 0 && height > 0 && width <= PDF_LIMITS.pageSide && height <= PDF_LIMITS.pageSide)) {
        throw new ImportError(`PDF 第 ${number} 页的页面尺寸异常（${Math.round(width)} × ${Math.round(height)} 磅），拒绝读取`);
      }
      const list = await fromPdfjs(page.getOperatorList({ annotationMode: pdfjs.AnnotationMode.DISABLE }), number);
      if (list.fnArray.length > PDF_LIMITS.operators) {
        throw new ImportError(`PDF 第 ${number} 页的绘图指令超过 ${PDF_LIMITS.operators} 条，不像是一份自评材料，拒绝读取`);
      }
      const fontOf = (name: string): FontInfo | undefined =>
        page.commonObjs.has(name) ? (page.commonObjs.get(name) as FontInfo) : undefined;
      const marks = readOperators(list, pdfjs.OPS, fontOf, viewport.transform as Matrix, { width, height }, PDF_LIMITS.glyphs - glyphs);
      glyphs += marks.glyphs.length;
      if (glyphs > PDF_LIMITS.glyphs) throw new ImportError(`PDF 中的文字超过 ${PDF_LIMITS.glyphs} 个，拒绝读取`);
      pages.push({ number, width, height, items: layoutPage(marks) });
      page.cleanup();
    }
    if (glyphs === 0) throw new ImportError(NO_TEXT);
    return { format: 'pdf', blocks: assemble(pages) };
  } finally {
    await task.destroy();
  }
}

/** pdfjs's own CMaps, located beside it; null outside Node (fonts naming a predefined CMap then read as nothing). */
let cMapUrl: string | null | undefined;

/**
 * pdfjs's Adobe CMaps, for fonts that are not embedded and name a predefined encoding
 * (UniGB-UCS2-H and the like): without them their text cannot be read.
 */
function cMaps(): { cMapUrl?: string; cMapPacked?: boolean } {
  if (cMapUrl === undefined) {
    const module = globalThis.process?.getBuiltinModule?.('module') as typeof import('node:module') | undefined;
    try {
      cMapUrl = module
        ? module
            .createRequire(import.meta.url)
            .resolve('pdfjs-dist/package.json')
            .replace(/package\.json$/, 'cmaps/')
        : null;
    } catch {
      cMapUrl = null;
    }
  }
  return cMapUrl === null ? {} : { cMapUrl, cMapPacked: true };
}

/** What pdfjs gives, or its failure as a Chinese message naming the page (0: the file as a whole). */
async function fromPdfjs<T>(work: Promise<T>, page: number): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'PasswordException') throw new ImportError(PASSWORD);
    if (name === 'InvalidPDFException' || page === 0) throw new ImportError(INVALID);
    if (error instanceof RangeError) throw new ImportError(`PDF 第 ${page} 页的结构异常（嵌套过深或数据过大），无法读取`);
    throw new ImportError(`PDF 第 ${page} 页已损坏或结构异常，无法读取。请重新下载或重新导出后再试`);
  }
}
