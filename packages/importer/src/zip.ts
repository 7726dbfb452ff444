/**
 * Reading DOCX/XLSX containers (zip) defensively: the central directory is checked before anything
 * is decompressed (entry count, declared sizes, compression ratio), and decompression streams in
 * small slices and stops as soon as an entry outgrows what it declared or the limits allow.
 */
import { Inflate } from 'fflate';
import { ImportError, LIMITS, formatBytes } from './errors.js';

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  /** Why the entry is refused, in lenient mode (reported when it is read). */
  refused: string | null;
}

/** Bounds of a zip: a DOCX/XLSX is refused whole; a ZIP of files to audit refuses only its bad entries. */
export interface ZipLimits {
  entries: number;
  entryBytes: number;
  /** Largest total of decompressed entries; checked on the declared sizes and again while reading. */
  totalBytes: number;
  /** Refuse only the offending entry (when it is read), not the archive. */
  lenient: boolean;
}

const DOCUMENT_ZIP: ZipLimits = {
  entries: LIMITS.zipEntries,
  entryBytes: LIMITS.entryBytes,
  totalBytes: LIMITS.unzippedBytes,
  lenient: false,
};

export interface ZipArchive {
  names: string[];
  /** Decompressed entry, or undefined when the archive has no entry of that name. */
  read(name: string): Uint8Array | undefined;
}

const CORRUPT = '文件不是完整的 Word/Excel 文件（压缩包结构损坏或被截断）';

export function isZip(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0x50 && data[1] === 0x4b && data[2] === 0x03 && data[3] === 0x04;
}

export function openZip(data: Uint8Array, limits: ZipLimits = DOCUMENT_ZIP): ZipArchive {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const u16 = (at: number) => (at + 2 <= data.length ? view.getUint16(at, true) : fail());
  const u32 = (at: number) => (at + 4 <= data.length ? view.getUint32(at, true) : fail());
  function fail(): never {
    throw new ImportError(CORRUPT);
  }

  let eocd = -1;
  for (let at = data.length - 22; at >= 0 && at >= data.length - 22 - 65535; at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd === -1) fail();
  const count = u16(eocd + 10);
  let at = u32(eocd + 16);
  if (count > limits.entries) throw new ImportError(`压缩包内文件数过多（${count} 个，上限 ${limits.entries} 个），拒绝读取`);

  const entries = new Map<string, ZipEntry>();
  let declaredTotal = 0;
  for (let i = 0; i < count; i++) {
    if (u32(at) !== 0x02014b50) fail();
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const compressedSize = u32(at + 20);
    const size = u32(at + 24);
    const nameLength = u16(at + 28);
    const next = at + 46 + nameLength + u16(at + 30) + u16(at + 32);
    if (next > data.length) fail();
    const name = entryName(data.subarray(at + 46, at + 46 + nameLength), (flags & 0x800) !== 0);
    const refused = entryProblem(name, flags, size, compressedSize, limits);
    if (refused && !limits.lenient) throw new ImportError(refused);
    declaredTotal += refused ? 0 : size;
    if (declaredTotal > limits.totalBytes) throw new ImportError(`压缩包解压后总大小超过上限 ${formatBytes(limits.totalBytes)}，拒绝读取`);
    entries.set(name, { name, method, compressedSize, size, localOffset: u32(at + 42), refused });
    at = next;
  }

  let readTotal = 0;
  return {
    names: [...entries.keys()],
    read(name) {
      const entry = entries.get(name);
      if (!entry) return undefined;
      if (entry.refused) throw new ImportError(entry.refused);
      const local = entry.localOffset;
      if (u32(local) !== 0x04034b50) fail();
      const start = local + 30 + u16(local + 26) + u16(local + 28);
      const end = start + entry.compressedSize;
      if (end > data.length) fail();
      const body = data.subarray(start, end);
      let out: Uint8Array;
      if (entry.method === 0) out = body.slice();
      else if (entry.method === 8) out = inflateBounded(body, entry);
      else throw new ImportError(`压缩包内的 ${name} 使用了不支持的压缩方式（${entry.method}）`);
      if (out.length !== entry.size) fail();
      readTotal += out.length;
      if (readTotal > limits.totalBytes) throw new ImportError(`压缩包解压后总大小超过上限 ${formatBytes(limits.totalBytes)}，拒绝读取`);
      return out;
    },
  };
}

/** An entry's name: UTF-8 when the archive says so, else as Windows writes Chinese names (GBK). */
function entryName(bytes: Uint8Array, utf8: boolean): string {
  if (!utf8) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return new TextDecoder('gb18030').decode(bytes);
    }
  }
  return new TextDecoder().decode(bytes);
}

/** Why an entry may not be read, or null. */
function entryProblem(name: string, flags: number, size: number, compressedSize: number, limits: ZipLimits): string | null {
  if (flags & 1) return `${name}：文件已加密（设置了打开密码），请先取消密码后再导入`;
  if (size === 0xffffffff || compressedSize === 0xffffffff) return `${name}：压缩包使用了 ZIP64 超大格式，拒绝读取`;
  if (size > limits.entryBytes)
    return `压缩包内的 ${name} 解压后达 ${formatBytes(size)}，超过上限 ${formatBytes(limits.entryBytes)}，拒绝读取`;
  if (compressedSize > 0 && size / compressedSize > LIMITS.compressionRatio && size > 1024 * 1024) {
    return `压缩包内的 ${name} 压缩比异常（${Math.round(size / compressedSize)} 倍），疑似“压缩炸弹”，拒绝读取`;
  }
  return null;
}

function inflateBounded(body: Uint8Array, entry: ZipEntry): Uint8Array {
  const out = new Uint8Array(entry.size);
  let filled = 0;
  let done = false;
  const inflate = new Inflate((chunk, final) => {
    if (filled + chunk.length > entry.size) {
      throw new ImportError(`压缩包内的 ${entry.name} 解压后的实际大小超过其声明的大小，文件已损坏或被篡改，拒绝读取`);
    }
    out.set(chunk, filled);
    filled += chunk.length;
    if (final) done = true;
  });
  const slice = 16 * 1024;
  try {
    for (let at = 0; at < body.length; at += slice)
      inflate.push(body.subarray(at, Math.min(at + slice, body.length)), at + slice >= body.length);
    if (body.length === 0) inflate.push(body, true);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(`压缩包内的 ${entry.name} 无法解压（数据损坏）`);
  }
  if (!done || filled !== entry.size) throw new ImportError(`压缩包内的 ${entry.name} 数据不完整，文件可能被截断`);
  return out;
}
