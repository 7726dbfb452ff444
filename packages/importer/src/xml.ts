/**
 * A small XML reader for the parts of DOCX and XLSX files. It never expands entities beyond the
 * five predefined ones and character references, and refuses any DOCTYPE, so entity-expansion
 * attacks ("billion laughs") cannot run. Depth is bounded.
 */
import { ImportError, LIMITS } from './errors.js';

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlNode[];
}

/**
 * An element whose attributes are parsed when first asked for: Office XML carries many (revision ids,
 * language tags) that the readers never look at, and parsing them all was most of the reading time.
 */
class Element implements XmlElement {
  private parsed: Record<string, string> | null = null;
  readonly children: XmlNode[] = [];

  constructor(
    readonly name: string,
    private readonly rawAttrs: string,
  ) {}

  get attrs(): Readonly<Record<string, string>> {
    if (this.parsed === null) {
      this.parsed = {};
      for (const m of this.rawAttrs.matchAll(ATTR)) this.parsed[m[1]!] = decodeEntities(m[3] ?? m[4] ?? '');
    }
    return this.parsed;
  }
}
export type XmlNode = XmlElement | string;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return safeCodePoint(parseInt(ref.slice(2), 16), whole);
    if (ref.startsWith('#')) return safeCodePoint(parseInt(ref.slice(1), 10), whole);
    return PREDEFINED[ref] ?? whole;
  });
}

function safeCodePoint(code: number, fallback: string): string {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : fallback;
}

const ATTR = /([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

/** Parses an XML document into a tree; `partName` names the part in error messages. */
export function parseXml(xml: string, partName: string): XmlElement {
  const root = new Element('#document', '');
  const stack: XmlElement[] = [root];
  const broken = (what: string) => new ImportError(`文件内部的 ${partName} 不是有效的 XML（${what}），文件可能已损坏`);
  let pos = 0;
  let elements = 0;
  while (pos < xml.length) {
    const lt = xml.indexOf('<', pos);
    const textEnd = lt === -1 ? xml.length : lt;
    if (textEnd > pos) {
      const text = xml.slice(pos, textEnd);
      if (stack.length > 1) stack[stack.length - 1]!.children.push(decodeEntities(text));
    }
    if (lt === -1) break;
    if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt);
      if (end === -1) throw broken('处理指令未结束');
      pos = end + 2;
    } else if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt);
      if (end === -1) throw broken('注释未结束');
      pos = end + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt);
      if (end === -1) throw broken('CDATA 未结束');
      stack[stack.length - 1]!.children.push(xml.slice(lt + 9, end));
      pos = end + 3;
    } else if (xml.startsWith('<!', lt)) {
      throw new ImportError(`文件内部的 ${partName} 含有 DOCTYPE 或实体声明；出于安全原因不读取这类文件`);
    } else if (xml.startsWith('</', lt)) {
      const end = xml.indexOf('>', lt);
      if (end === -1) throw broken('结束标记未完成');
      const name = xml.slice(lt + 2, end).trim();
      const open = stack.pop();
      if (!open || open === root || open.name !== name) throw broken(`结束标记 ${name} 不匹配`);
      pos = end + 1;
    } else {
      const end = findTagEnd(xml, lt);
      if (end === -1) throw broken('标记未结束');
      const selfClosing = xml[end - 1] === '/';
      const innerEnd = selfClosing ? end - 1 : end;
      let nameEnd = lt + 1;
      while (nameEnd < innerEnd && !isNameEnd(xml.charCodeAt(nameEnd))) nameEnd++;
      const name = xml.slice(lt + 1, nameEnd);
      if (!name) throw broken('缺少标记名');
      if (++elements > LIMITS.xmlElements) throw new ImportError(`文件内部的 ${partName} 元素数超过 ${LIMITS.xmlElements} 个，拒绝读取`);
      const element = new Element(name, xml.slice(nameEnd, innerEnd));
      stack[stack.length - 1]!.children.push(element);
      if (!selfClosing) {
        if (stack.length > LIMITS.xmlDepth) throw broken('嵌套层次过深');
        stack.push(element);
      }
      pos = end + 1;
    }
  }
  if (stack.length !== 1) throw broken('文档在元素结束前中断');
  const top = root.children.find((c): c is XmlElement => typeof c !== 'string');
  if (!top) throw broken('没有根元素');
  return top;
}

const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const GREATER = 0x3e;

/** Whitespace or "/": the end of a tag's name. */
const isNameEnd = (code: number) => code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x2f;

/** The '>' closing a start tag, skipping '>' inside quoted attribute values. */
function findTagEnd(xml: string, from: number): number {
  let quote = 0;
  for (let i = from + 1; i < xml.length; i++) {
    const c = xml.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === QUOTE || c === APOSTROPHE) quote = c;
    else if (c === GREATER) return i;
  }
  return -1;
}

/** Local name without namespace prefix ("w:tc" → "tc"). */
export function localName(element: XmlElement): string {
  const colon = element.name.indexOf(':');
  return colon === -1 ? element.name : element.name.slice(colon + 1);
}

export function childElements(element: XmlElement, name?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const child of element.children) {
    if (typeof child !== 'string' && (name === undefined || localName(child) === name)) out.push(child);
  }
  return out;
}

export function firstChild(element: XmlElement, name: string): XmlElement | undefined {
  for (const child of element.children) if (typeof child !== 'string' && localName(child) === name) return child;
  return undefined;
}

/** Attribute by local name ("w:val" or "val"). */
export function attr(element: XmlElement, name: string): string | undefined {
  if (name in element.attrs) return element.attrs[name];
  for (const [key, value] of Object.entries(element.attrs)) {
    if (key.endsWith(`:${name}`)) return value;
  }
  return undefined;
}
