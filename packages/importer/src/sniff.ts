/** Choosing the reader by the file's content, and refusing files that are not what they claim. */
import { readDocx } from './docx-reader.js';
import { OLD_OFFICE, isCompoundFile, oldOfficeFormat, type OfficeConverter, type OldOfficeFormat } from './office-formats.js';
import { readPdf } from './pdf-reader.js';
import { ImportError, LIMITS, formatBytes } from './errors.js';
import type { SourceDocument } from './source.js';
import { decodeText, readText } from './text-reader.js';
import { readXlsx } from './xlsx-reader.js';
import { isZip, openZip } from './zip.js';

const TEXT_EXTENSIONS = ['txt', 'text', 'tsv', 'csv', 'md'];

/** What a file of each binary type must be; one whose content is something else is damaged or misnamed. */
const CONTAINERS: Partial<Record<string, string>> = {
  docx: 'Word 文件（不是 ZIP 压缩包）',
  xlsx: 'Excel 文件（不是 ZIP 压缩包）',
  pdf: 'PDF 文件',
  doc: 'Word 97–2003 文档',
  wps: 'WPS 文字文档',
  xls: 'Excel 97–2003 工作簿',
  et: 'WPS 表格',
};

export async function readSource(data: Uint8Array, fileName: string, convertOffice?: OfficeConverter): Promise<SourceDocument> {
  if (data.length > LIMITS.fileBytes) {
    throw new ImportError(`文件大小 ${formatBytes(data.length)}，超过导入上限 ${formatBytes(LIMITS.fileBytes)}`);
  }
  if (data.length === 0) throw new ImportError('文件是空的');
  const extension = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const named = extension ? `.${extension}` : '（无扩展名）';
  if (isCompoundFile(data)) return readOldOffice(data, oldOfficeFormat(data, extension), convertOffice);
  if (data.length >= 4 && data[0] === 0x25 && data[1] === 0x50 && data[2] === 0x44 && data[3] === 0x46) {
    return readPdf(data);
  }
  if (isZip(data)) {
    // WPS saves .wps/.et in the DOCX/XLSX container too: the content says which.
    if (!['docx', 'xlsx', 'wps', 'et'].includes(extension)) {
      throw new ImportError(`文件扩展名是 ${named}，但内容是 Word/Excel 压缩包；请把扩展名改为 .docx 或 .xlsx`);
    }
    const zip = openZip(data);
    const isDocx = zip.names.includes('word/document.xml');
    const isXlsx = zip.names.includes('xl/workbook.xml');
    if ((extension === 'docx' || extension === 'wps') && isDocx) return readDocx(zip);
    if ((extension === 'xlsx' || extension === 'et') && isXlsx) return readXlsx(zip);
    if (isDocx) throw new ImportError(`文件扩展名是 ${named}，但内容是 Word 文档；请把扩展名改为 .docx`);
    if (isXlsx) throw new ImportError(`文件扩展名是 ${named}，但内容是 Excel 工作簿；请把扩展名改为 .xlsx`);
    throw new ImportError('压缩包中既没有 Word 文档（word/document.xml）也没有 Excel 工作簿（xl/workbook.xml），不是可导入的文件');
  }
  const claimed = CONTAINERS[extension];
  if (claimed) {
    if (extension in OLD_OFFICE && /^\s*(?:<|MIME-Version)/i.test(new TextDecoder('latin1').decode(data.subarray(0, 64)))) {
      throw new ImportError(
        `这个 ${named} 文件其实是网页（HTML）格式，不是真正的 ${claimed}；请在 WPS/Word/Excel 中打开后另存为 .docx 或 .xlsx 再导入`,
      );
    }
    throw new ImportError(`文件扩展名是 ${named}，但内容不是 ${claimed}，文件可能已损坏或扩展名有误`);
  }
  if (extension && !TEXT_EXTENSIONS.includes(extension)) {
    throw new ImportError(
      `不支持导入 ${named} 文件；可导入文本（.txt、.csv、.tsv、.md）、Word（.docx、.doc、.wps）、Excel（.xlsx、.xls、.et）或 PDF`,
    );
  }
  return readText(decodeText(data), extension);
}

/** An old Office file, read through its DOCX/XLSX conversion; without a converter, how to save it anew. */
async function readOldOffice(
  data: Uint8Array,
  format: OldOfficeFormat,
  convertOffice: OfficeConverter | undefined,
): Promise<SourceDocument> {
  const { target, kind } = OLD_OFFICE[format];
  if (!convertOffice) {
    throw new ImportError(
      `这是${kind}，需要 LibreOffice 才能直接读取，本机没有找到（可安装 LibreOffice，或用环境变量 JIXIAO_SOFFICE 指明 soffice 的位置）；也可以在 WPS/Word/Excel 中打开后另存为 .${target} 再导入`,
    );
  }
  const converted = await convertOffice(data, format);
  const zip = openZip(converted);
  const source = target === 'docx' ? readDocx(zip) : readXlsx(zip);
  return { ...source, format };
}
