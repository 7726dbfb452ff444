/**
 * The corpus (corpus/, real published tables and reports of several provinces, years and unit types)
 * audited as a reviewer would receive it: each document as the text a DOCX gives, and — where
 * LibreOffice is installed — as DOCX, XLSX and PDF files LibreOffice makes of it. Against the hand-found
 * list beside each document (findings.json): at least 90% of the hard contradictions are reported, and
 * no 错误 is reported that the reviewer did not find.
 */
import { mkdtempSync, readdirSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { asCellLines, hasSoffice, officeFile, prepareOfficeFiles, readGrid, type Material } from '../../../corpus/tools/formats.js';
import { quotesFigures, type HandFinding } from '../../../corpus/tools/findings.js';
import { ImportPool, folderEntries, runAudit, type Audit, type AuditFile } from '../src/index.js';

const corpus = new URL('../../../corpus/', import.meta.url);
const cache = join(tmpdir(), 'jixiao-test-office');
const SOFFICE = hasSoffice();

interface Document {
  id: string;
  material: Material;
  findings: HandFinding[];
  /** amounts printed in 元: a message may quote them in 万元 */
  yuan: boolean;
  hasTables: boolean;
}

const documents: Document[] = readdirSync(corpus)
  .filter((id) => /^\d\d-/.test(id))
  .map((id) => {
    const file = (name: string) => new URL(`${id}/${name}`, corpus);
    const tables = existsSync(file('tables.tsv')) ? readFileSync(file('tables.tsv'), 'utf8') : '';
    const report = existsSync(file('report.txt')) ? readFileSync(file('report.txt'), 'utf8') : '';
    return {
      id,
      material: { tables: readGrid(tables), paragraphs: report.split('\n').filter((line) => line.trim() !== '') },
      findings: JSON.parse(readFileSync(file('findings.json'), 'utf8')) as HandFinding[],
      yuan: /[（(]\s*元\s*[)）]/.test(tables),
      hasTables: tables.trim() !== '',
    };
  });

/** The shapes a reviewer gets each document in. */
const OFFICE_SHAPES = SOFFICE ? (['docx', 'xlsx', 'pdf'] as const) : [];
const SHAPES = ['txt', ...OFFICE_SHAPES] as const;
type Shape = (typeof SHAPES)[number];

/** The office shapes a document is made in; a report is not a spreadsheet. */
const officeShapes = (doc: Document) => OFFICE_SHAPES.filter((shape) => shape !== 'xlsx' || doc.material.paragraphs.length === 0);

function fileOf(doc: Document, shape: Shape): Uint8Array | null {
  if (shape === 'txt') return new TextEncoder().encode(asCellLines(doc.material));
  return (officeShapes(doc) as readonly Shape[]).includes(shape) ? officeFile(doc.material, shape, `corpus-audit-${doc.id}`, cache) : null;
}

describe('auditing the corpus', () => {
  let audit: Audit;
  const byFile = new Map<string, { doc: Document; shape: Shape; row: AuditFile }>();
  const pool = new ImportPool();

  beforeAll(async () => {
    if (!SOFFICE) console.warn('没有找到 soffice（LibreOffice）：语料只以文本形式审核，不生成 DOCX/XLSX/PDF');
    const dir = mkdtempSync(join(tmpdir(), 'jixiao-corpus-'));
    if (SOFFICE) {
      prepareOfficeFiles(
        documents.flatMap((doc) => officeShapes(doc).map((target) => ({ material: doc.material, target, name: `corpus-audit-${doc.id}` }))),
        cache,
      );
    }
    for (const doc of documents) {
      for (const shape of SHAPES) {
        const data = fileOf(doc, shape);
        if (data) writeFileSync(join(dir, `${doc.id}.${shape}`), data);
      }
    }
    audit = await runAudit(await folderEntries(dir), pool);
    for (const row of audit.files) {
      const [, id, shape] = /^(.*)\.(\w+)$/.exec(row.file)!;
      byFile.set(row.file, { doc: documents.find((d) => d.id === id)!, shape: shape as Shape, row });
    }
  }, 600_000);
  afterAll(() => pool.close());

  test('every file is read', () => {
    expect(audit.files.filter((f) => f.error !== null).map((f) => `${f.file}: ${f.error}`)).toEqual([]);
    expect(audit.files.length).toBeGreaterThanOrEqual(documents.length);
  });

  test('no 错误 that the reviewer did not find', () => {
    const unfounded: string[] = [];
    for (const { doc, row } of byFile.values()) {
      const hard = doc.findings.filter((f) => f.kind === 'hard');
      for (const finding of row.findings) {
        if (finding.severity !== '错误') continue;
        if (!hard.some((h) => quotesFigures(finding.message, h.figures, doc.yuan)))
          unfounded.push(`${row.file} ${finding.ruleId}: ${finding.message}`);
      }
    }
    expect(unfounded).toEqual([]);
  });

  test('at least 90% of the hand-found hard contradictions are reported, in every shape', () => {
    const lines: string[] = [];
    for (const shape of SHAPES) {
      let total = 0;
      let found = 0;
      const missed: string[] = [];
      for (const { doc, row } of [...byFile.values()].filter((f) => f.shape === shape)) {
        for (const hand of doc.findings.filter((f) => f.kind === 'hard')) {
          total++;
          if (row.findings.some((f) => quotesFigures(f.message, hand.figures, doc.yuan))) found++;
          else missed.push(`${doc.id} ${hand.id}`);
        }
      }
      lines.push(
        `${shape}: ${found}/${total}（${((found / total) * 100).toFixed(1)}%）${missed.length ? ` 未找到：${missed.join('、')}` : ''}`,
      );
      expect(found / total, `${shape} 未找到：${missed.join('、')}`).toBeGreaterThanOrEqual(0.9);
    }
    console.log(`语料中人工核出的硬错误，审核找到：\n${lines.join('\n')}`);
  });
});
