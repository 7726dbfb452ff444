import { describe, expect, test } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { renderDocx } from '@jixiao/documents';
import { importFile, LIMITS } from '../src/index.js';
import { CHINESE, bytes, example, random } from './support.js';

/** The import refused the file with a Chinese message of its own (not an internal error). */
async function expectRefused(data: Uint8Array, name: string, message: RegExp): Promise<void> {
  const result = await importFile(data, name);
  expect(result.ok).toBe(false);
  expect(result.package).toBeNull();
  expect(result.errors).toHaveLength(1);
  expect(result.errors[0]).toMatch(CHINESE);
  expect(result.errors[0]).not.toMatch(/内部错误/);
  expect(result.errors[0]).toMatch(message);
}

/** A minimal DOCX whose document.xml is the given text. */
function docxWith(documentXml: string): Uint8Array {
  return zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8(documentXml) });
}

/** Sets the uncompressed size of every entry, in the local and central headers, to `size`. */
function declareSize(zip: Uint8Array, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  for (let at = 0; at + 4 <= out.length; at++) {
    const signature = view.getUint32(at, true);
    if (signature === 0x04034b50) view.setUint32(at + 22, size, true);
    if (signature === 0x02014b50) view.setUint32(at + 24, size, true);
  }
  return out;
}

describe('corrupt and hostile files get a clear Chinese error', () => {
  test('a truncated DOCX', async () => {
    const docx = await renderDocx(example());
    await expectRefused(docx.slice(0, Math.floor(docx.length / 2)), '报告.docx', /损坏|截断/);
  });

  test('a zip bomb declaring its real size', async () => {
    const bomb = zipSync({ 'word/document.xml': new Uint8Array(60 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(200 * 1024);
    await expectRefused(bomb, 'bomb.docx', /超过上限/);
  });

  test('a zip bomb under the size limits but with an absurd compression ratio', async () => {
    const bomb = zipSync({ 'word/document.xml': new Uint8Array(15 * 1024 * 1024) }, { level: 9 });
    await expectRefused(bomb, 'bomb.docx', /压缩炸弹/);
  });

  test('a zip bomb lying about its size is stopped as soon as it outgrows the lie', async () => {
    const bomb = declareSize(zipSync({ 'word/document.xml': new Uint8Array(40 * 1024 * 1024) }, { level: 9 }), 4096);
    await expectRefused(bomb, 'bomb.docx', /超过其声明的大小/);
  });

  test('XML entity expansion ("billion laughs") is refused before anything expands', async () => {
    const entities = Array.from({ length: 10 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
    const xml = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${entities}]><w:document><w:body><w:p><w:r><w:t>&lol10;</w:t></w:r></w:p></w:body></w:document>`;
    await expectRefused(docxWith(xml), 'laughs.docx', /DOCTYPE/);
  });

  test('XML nested beyond any real document', async () => {
    const depth = LIMITS.xmlDepth + 10;
    const xml = `<w:document><w:body>${'<w:p>'.repeat(depth)}${'</w:p>'.repeat(depth)}</w:body></w:document>`;
    await expectRefused(docxWith(xml), 'deep.docx', /嵌套层次过深/);
  });

  test('a 50 MB file', async () => {
    await expectRefused(new Uint8Array(50 * 1024 * 1024).fill(0x41), 'huge.txt', /超过导入上限/);
  });

  test.each(['noise.docx', 'noise.xlsx', 'noise.txt'])('random bytes named %s', async (name) => {
    const next = random(42);
    const noise = Uint8Array.from({ length: 64 * 1024 }, () => Math.floor(next() * 256));
    await expectRefused(noise, name, /./);
  });

  test('wrong extensions', async () => {
    const docx = await renderDocx(example());
    await expectRefused(docx, '附表.xlsx', /内容是 Word 文档/);
    await expectRefused(docx, '报告.txt', /内容是 Word\/Excel 压缩包/);
    await expectRefused(bytes('\t附件1\n'), '报告.docx', /不是 ZIP 压缩包/);
    await expectRefused(bytes('{"format":"jixiao-package"}'), 'package.json', /不支持导入 \.json/);
    await expectRefused(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]), '旧版.doc', /另存为 \.docx/);
    await expectRefused(bytes('%PDF-1.7\n'), '报告.pdf', /PDF/);
  });

  test('an empty file and a zip without a document', async () => {
    await expectRefused(new Uint8Array(0), 'empty.txt', /空/);
    await expectRefused(zipSync({ 'hello.txt': strToU8('hi') }), 'other.docx', /既没有 Word 文档/);
  });

  test('a password-protected entry', async () => {
    const zip = zipSync({ 'word/document.xml': strToU8('<w:document/>') });
    const view = new DataView(zip.buffer);
    for (let at = 0; at + 4 <= zip.length; at++) if (view.getUint32(at, true) === 0x02014b50) view.setUint16(at + 8, 1, true);
    await expectRefused(zip, 'locked.docx', /加密/);
  });
});
