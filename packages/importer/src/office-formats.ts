/**
 * The old binary Office formats: what they are, what they convert to. Reading them needs a converter
 * (LibreOffice, in Node: node/office.ts); without one the user is told how to save a new format.
 */
export type OldOfficeFormat = 'doc' | 'xls' | 'wps' | 'et';

export const OLD_OFFICE: Record<OldOfficeFormat, { target: 'docx' | 'xlsx'; filter: string; kind: string }> = {
  doc: { target: 'docx', filter: 'docx:MS Word 2007 XML', kind: 'Word 97–2003 文档（.doc）' },
  wps: { target: 'docx', filter: 'docx:MS Word 2007 XML', kind: 'WPS 文字文档（.wps）' },
  xls: { target: 'xlsx', filter: 'xlsx:Calc MS Excel 2007 XML', kind: 'Excel 97–2003 工作簿（.xls）' },
  et: { target: 'xlsx', filter: 'xlsx:Calc MS Excel 2007 XML', kind: 'WPS 表格（.et）' },
};

/** Turns an old Office file into DOCX (doc, wps) or XLSX (xls, et). */
export type OfficeConverter = (data: Uint8Array, format: OldOfficeFormat) => Promise<Uint8Array>;

/** An OLE compound file (the container of every old Office format). */
export const isCompoundFile = (data: Uint8Array) =>
  data.length >= 4 && data[0] === 0xd0 && data[1] === 0xcf && data[2] === 0x11 && data[3] === 0xe0;

/** Which old format a compound file is: by its extension, else by the stream its content names. */
export function oldOfficeFormat(data: Uint8Array, extension: string): OldOfficeFormat {
  if (extension === 'doc' || extension === 'xls' || extension === 'wps' || extension === 'et') return extension;
  // Stream names are UTF-16 in the directory: "WordDocument" for text documents, "Workbook"/"Book" for sheets.
  const utf16 = (name: string) => Uint8Array.from([...name].flatMap((c) => [c.charCodeAt(0), 0]));
  return includes(data, utf16('WordDocument')) ? 'doc' : 'xls';
}

function includes(data: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= data.length; i++) {
    for (let j = 0; j < needle.length; j++) if (data[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
