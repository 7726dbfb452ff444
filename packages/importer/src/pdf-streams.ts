/**
 * Compression bombs, before pdfjs sees the file. pdfjs inflates a stream whole and without bound,
 * so a small file whose page content inflates to gigabytes (or to millions of drawing operators)
 * would hold the import for minutes and exhaust memory. Here every Flate stream is inflated with a
 * bound (zlib stops as soon as the output passes it), and the file refused when one outgrows it.
 *
 * Streams are found by their keywords in the raw bytes, not through the cross-reference table, so
 * a damaged file is checked as far as it can be read. Streams pdfjs never inflates for us are not
 * counted: images (the reader asks pdfjs to skip them) and embedded files. Streams that are not
 * Flate-first, and encrypted streams (which do not inflate), are left to pdfjs.
 */
import { ImportError, LIMITS, formatBytes } from './errors.js';

export const STREAM_LIMITS = {
  /** Page content and form XObjects: 4 MB of drawing operators already take pdfjs seconds. */
  contentBytes: 4 * 1024 * 1024,
  /** Fonts, object streams and other data pdfjs inflates (a full CJK font is 10–20 MB). */
  otherBytes: 32 * 1024 * 1024,
  /** Content streams of the whole file: about 300 pages of dense tables. */
  totalContentBytes: 48 * 1024 * 1024,
  totalBytes: LIMITS.unzippedBytes,
  /** Above 1 MB, a stream inflating more than this many times its size is a bomb, as in zip. */
  ratio: LIMITS.compressionRatio,
} as const;

type StreamKind = 'skip' | 'content' | 'other';

/** PDF white space: NUL, tab, line feed, form feed, carriage return, space. */
const WHITESPACE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const bytesOf = (text: string) => Uint8Array.from(text, (ch) => ch.charCodeAt(0));
const STREAM = bytesOf('stream');
const END_STREAM = bytesOf('endstream');

function kindOf(dictionary: string): StreamKind {
  if (/\/Subtype\s*\/Image\b|\/Type\s*\/EmbeddedFile\b/.test(dictionary)) return 'skip';
  if (/\/Length[123]\b|\/Subtype\s*\/(?:Type1C|CIDFontType0C|OpenType)\b|\/Type\s*\/(?:ObjStm|XRef|Metadata|CMap)\b/.test(dictionary))
    return 'other';
  return 'content';
}

/** Where `pattern` next occurs in `data` at or after `from`, or -1. */
function indexOf(data: Uint8Array, pattern: Uint8Array, from: number): number {
  for (let at = data.indexOf(pattern[0]!, from); at !== -1 && at + pattern.length <= data.length; at = data.indexOf(pattern[0]!, at + 1)) {
    let k = 1;
    while (k < pattern.length && data[at + k] === pattern[k]) k++;
    if (k === pattern.length) return at;
  }
  return -1;
}

export function checkStreams(data: Uint8Array): void {
  const zlib = globalThis.process?.getBuiltinModule?.('zlib') as typeof import('node:zlib') | undefined;
  // Outside Node (which pdfjs-dist 5.6 needs at 20.19 or later, with getBuiltinModule) nothing is checked.
  if (!zlib) return;
  let content = 0;
  let total = 0;
  for (let at = indexOf(data, STREAM, 0); at !== -1; at = indexOf(data, STREAM, at + STREAM.length)) {
    // The keyword ends its line; the stream's dictionary closes just before it ("endstream" does not).
    let start = at + STREAM.length;
    if (data[start] === 0x0d) start++;
    if (data[start] === 0x0a) start++;
    if (start === at + STREAM.length) continue;
    let close = at - 1;
    while (close > 0 && WHITESPACE.has(data[close]!)) close--;
    if (data[close] !== 0x3e || data[close - 1] !== 0x3e) continue;
    const before = String.fromCharCode(...data.subarray(Math.max(0, at - 2048), at));
    const objectStart = before.lastIndexOf('obj');
    const dictionary = objectStart === -1 ? before.slice(-1024) : before.slice(objectStart);
    if (!/\/Filter\s*\[?\s*\/(?:FlateDecode|Fl)\b/.test(dictionary)) continue;
    const kind = kindOf(dictionary);
    if (kind === 'skip') continue;
    const end = indexOf(data, END_STREAM, start);
    const body = data.subarray(start, end === -1 ? data.length : end);
    const cap = kind === 'content' ? STREAM_LIMITS.contentBytes : STREAM_LIMITS.otherBytes;
    // Past 1 MB a stream may inflate at most `ratio` times its size.
    const bound = Math.min(cap, Math.max(1024 * 1024, STREAM_LIMITS.ratio * body.length));
    const size = inflatedSize(zlib, body, bound);
    if (size > bound) {
      throw new ImportError(
        bound === cap
          ? `PDF 文件中有一段内容解压后超过 ${formatBytes(cap)}（可能是恶意构造的压缩炸弹），拒绝读取`
          : `PDF 文件中有一段内容的压缩比超过 ${STREAM_LIMITS.ratio} 倍（可能是恶意构造的压缩炸弹），拒绝读取`,
      );
    }
    if (kind === 'content') content += size;
    total += size;
    if (content > STREAM_LIMITS.totalContentBytes || total > STREAM_LIMITS.totalBytes) {
      throw new ImportError(`PDF 文件的内容解压后超过 ${formatBytes(STREAM_LIMITS.totalBytes)}，不像是一份自评材料，拒绝读取`);
    }
  }
}

/**
 * Size of the inflated stream, or `bound + 1` as soon as it passes `bound` (zlib stops there). A
 * stream cut short counts what it holds, as pdfjs reads it; damaged data counts nothing (pdfjs
 * cannot inflate it either).
 */
function inflatedSize(zlib: typeof import('node:zlib'), body: Uint8Array, bound: number): number {
  try {
    return zlib.inflateSync(body, { maxOutputLength: bound + 1, finishFlush: zlib.constants.Z_SYNC_FLUSH }).length;
  } catch (error) {
    return (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE' ? bound + 1 : 0;
  }
}
