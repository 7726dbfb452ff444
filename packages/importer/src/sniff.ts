/** Choosing the reader by the file's content, and refusing files that are not what they claim. */
import { readDocx } from './docx-reader.js';
import { readPdf } from './pdf-reader.js';
import { ImportError, LIMITS, formatBytes } from './errors.js';
import type { SourceDocument } from './source.js';
import { decodeText, readText } from './text-reader.js';
import { readXlsx } from './xlsx-reader.js';
import { isZip, openZip } from './zip.js';

const TEXT_EXTENSIONS = ['txt', 'text'];

export async function readSource(data: Uint8Array, fileName: string): Promise<SourceDocument> {
  if (data.length > LIMITS.fileBytes) {
    throw new ImportError(`文件大小 ${formatBytes(data.length)}，超过导入上限 ${formatBytes(LIMITS.fileBytes)}`);
  }
  if (data.length === 0) throw new ImportError('文件是空的');
  const extension = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const named = extension ? `.${extension}` : '（无扩展名）';
  if (data.length >= 4 && data[0] === 0xd0 && data[1] === 0xcf && data[2] === 0x11 && data[3] === 0xe0) {
    throw new ImportError('这是旧版 Word/Excel 文件（.doc/.xls），请在 Word/Excel/WPS 中另存为 .docx 或 .xlsx 后再导入');
  }
  if (data.length >= 4 && data[0] === 0x25 && data[1] === 0x50 && data[2] === 0x44 && data[3] === 0x46) {
    return readPdf(data);
  }
  if (isZip(data)) {
    if (!['docx', 'xlsx'].includes(extension)) {
      throw new ImportError(`文件扩展名是 ${named}，但内容是 Word/Excel 压缩包；请把扩展名改为 .docx 或 .xlsx`);
    }
    const zip = openZip(data);
    const isDocx = zip.names.includes('word/document.xml');
    const isXlsx = zip.names.includes('xl/workbook.xml');
    if (extension === 'docx' && isDocx) return readDocx(zip);
    if (extension === 'xlsx' && isXlsx) return readXlsx(zip);
    if (isDocx) throw new ImportError(`文件扩展名是 ${named}，但内容是 Word 文档；请把扩展名改为 .docx`);
    if (isXlsx) throw new ImportError(`文件扩展名是 ${named}，但内容是 Excel 工作簿；请把扩展名改为 .xlsx`);
    throw new ImportError('压缩包中既没有 Word 文档（word/document.xml）也没有 Excel 工作簿（xl/workbook.xml），不是可导入的文件');
  }
  if (extension === 'docx' || extension === 'xlsx') {
    throw new ImportError(
      `文件扩展名是 ${named}，但内容不是 ${extension === 'docx' ? 'Word' : 'Excel'} 文件（不是 ZIP 压缩包），文件可能已损坏或扩展名有误`,
    );
  }
  if (extension && !TEXT_EXTENSIONS.includes(extension)) {
    throw new ImportError(`不支持导入 ${named} 文件；可导入 .txt（从公开文件提取的文本）、.docx 或 .xlsx`);
  }
  return readText(decodeText(data));
}
