import { readFileSync } from 'node:fs';
import { test } from 'vitest';
import { check } from '@jixiao/core';
import { asCellLines, readGrid } from '../../../corpus/tools/formats.js';
import { importFile } from '../src/index.js';

test('scratch', () => {
  for (const id of (process.env.IDS ?? '').split(',')) {
    const dir = readFileSync('/dev/null') && require_dir(id);
    const tsv = readFileSync(`${dir}/tables.tsv`, 'utf8');
    const text = asCellLines({ tables: readGrid(tsv), paragraphs: [] });
    const r = importFile(new TextEncoder().encode(text), 'x.txt');
    console.log('=====', id, r.errors, r.partsFound, 'layout', r.package?.layout.project, 'year', r.package?.year);
    console.log(JSON.stringify(r.package?.projects, null, 1)?.slice(0, 2500));
    console.log('unmapped', r.unmapped.slice(0, 20), 'uncertain', r.uncertainRows.slice(0, 5), 'notes', r.notes);
    if (r.package) for (const f of check(r.package).findings) console.log(f.severity, f.ruleId, f.message);
  }
});
function require_dir(id: string): string {
  const { readdirSync } = require('node:fs') as typeof import('node:fs');
  const name = readdirSync('/work/main/corpus').find((d: string) => d.startsWith(`${id}-`));
  return `/work/main/corpus/${name}`;
}
