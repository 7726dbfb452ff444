/**
 * The editor's undo history: the pure module (undo.ts) and the editor model it serves (document.ts),
 * driven as the views drive it — typed and pasted cells, text typed in bursts, rows and projects added
 * and removed, a paste that grows a table.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyIndicator, emptyYearLine, type CompletePackage, type Package } from '@jixiao/core';
import { createEditorDocument, type EditorDocument } from '../src/editor/document.js';
import { getAt } from '../src/editor/paths.js';
import { blankProject } from '../src/editor/rows.js';
import { TYPING_PAUSE_MS, UndoHistory } from '../src/editor/undo.js';

const example = (): CompletePackage =>
  JSON.parse(readFileSync(new URL('../../../examples/lvxianting-2023.json', import.meta.url), 'utf8')) as CompletePackage;

/** The end of a user act: the document closes its step when the current task is over. */
const actDone = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('the undo history', () => {
  it('takes back and redoes one step, writing the exact values', () => {
    const pkg = { a: { b: '1', c: ['x'] } };
    const history = new UndoHistory();
    history.record(pkg, ['a.b'], '修改 b');
    pkg.a.b = '2.125';
    history.seal();
    expect(history.undoLabel).toBe('修改 b');
    expect(history.undo(pkg)).toEqual({ label: '修改 b', paths: ['a.b'] });
    expect(pkg.a.b).toBe('1');
    expect(history.undoLabel).toBeNull();
    expect(history.redoLabel).toBe('修改 b');
    history.redo(pkg);
    expect(pkg.a.b).toBe('2.125');
  });

  it('makes one step of what one act changes, a list grown and its new cells, and undoes it whole', () => {
    const pkg: { rows: { v: string | null }[] } = { rows: [{ v: '1' }] };
    const history = new UndoHistory();
    history.record(pkg, ['rows'], '粘贴并新增 2 行');
    pkg.rows.push({ v: null }, { v: null });
    history.record(pkg, ['rows[1].v'], '粘贴'); // inside a path already recorded: nothing more to remember
    pkg.rows[1]!.v = '7';
    history.record(pkg, ['rows[0].v'], '粘贴');
    pkg.rows[0]!.v = '8';
    history.seal();
    const after = structuredClone(pkg);
    expect(history.undoLabel).toBe('粘贴并新增 2 行');
    expect(history.undo(pkg)?.paths).toEqual(['rows']);
    expect(pkg).toStrictEqual({ rows: [{ v: '1' }] });
    expect(history.redo(pkg)?.paths).toEqual(['rows']);
    expect(pkg).toStrictEqual(after);
  });

  it('removes a key that was absent before the step', () => {
    const pkg: { lines: Record<string, string[]> } = { lines: {} };
    const history = new UndoHistory();
    history.record(pkg, ['lines.special'], '添加明细');
    pkg.lines.special = ['a'];
    history.seal();
    history.undo(pkg);
    expect(pkg).toStrictEqual({ lines: {} });
    history.redo(pkg);
    expect(pkg).toStrictEqual({ lines: { special: ['a'] } });
  });

  it('groups typing in one field until a pause or until the user leaves the field', () => {
    const pkg = { t: '', u: '' };
    const history = new UndoHistory();
    const type = (path: 't' | 'u', text: string, now: number) => {
      history.record(pkg, [path], `编辑 ${path}`, { typing: path, now });
      pkg[path] = text;
      history.seal();
    };
    type('t', 'a', 0);
    type('t', 'ab', 300);
    type('t', 'abc', 600);
    type('t', 'abc d', 600 + TYPING_PAUSE_MS + 1); // after a pause: a new step
    history.close(); // left the field
    type('t', 'abc de', 600 + TYPING_PAUSE_MS + 100);
    history.undo(pkg);
    expect(pkg.t).toBe('abc d');
    history.undo(pkg);
    expect(pkg.t).toBe('abc');
    history.undo(pkg);
    expect(pkg.t).toBe('');
    expect(history.undoLabel).toBeNull();
  });

  it('forgets what was undone once something new is changed, and everything when the content is replaced', () => {
    const pkg = { a: '1' };
    const history = new UndoHistory();
    history.record(pkg, ['a'], 'x');
    pkg.a = '2';
    history.seal();
    history.undo(pkg);
    history.record(pkg, ['a'], 'y');
    pkg.a = '3';
    history.seal();
    expect(history.redoLabel).toBeNull();
    history.clear();
    expect(history.undoLabel).toBeNull();
  });

  it('keeps the latest steps up to its limit', () => {
    const pkg = { n: 0 };
    const history = new UndoHistory(3);
    for (let i = 1; i <= 5; i++) {
      history.record(pkg, ['n'], `设为 ${i}`);
      pkg.n = i;
      history.seal();
    }
    let undone = 0;
    while (history.undo(pkg)) undone++;
    expect(undone).toBe(3);
    expect(pkg.n).toBe(2);
  });
});

/** One user act on the editor, as the views perform it. Indices are taken modulo the rows there are. */
type Act =
  | { kind: 'cell'; field: number; raw: string }
  | { kind: 'paste'; first: number; raws: string[] }
  | { kind: 'type'; field: number; text: string }
  | { kind: 'addIndicator' }
  | { kind: 'removeIndicator'; at: number }
  | { kind: 'moveIndicator'; at: number }
  | { kind: 'addProject' }
  | { kind: 'removeProject'; at: number }
  | { kind: 'pasteRows'; raws: string[] }
  | { kind: 'projectCell'; at: number; raw: string };

const AMOUNT_FIELDS = ['threePublic', 'reception', 'overseas', 'business', 'operation', 'localSpecial'].flatMap((row) =>
  ['prior', 'budget', 'actual'].map((column) => `basicData.rows.${row}.${column}`),
);
const TEXT_FIELDS = ['basicData.frugalityMeasures', 'overall.goals.expected', 'overall.goals.actual', 'report.sections[0].heading'];

const raw = fc.oneof(
  fc.constantFrom('', '0', '7', '1,234.50', '４.07', '1204860元', '不是数字', '84.6万元'),
  fc.integer({ min: -99_999, max: 9_999_999 }).map((n) => (n / 1000).toString()),
);
const act: fc.Arbitrary<Act> = fc.oneof(
  fc.record({ kind: fc.constant('cell' as const), field: fc.nat(), raw }),
  fc.record({ kind: fc.constant('paste' as const), first: fc.nat(), raws: fc.array(raw, { minLength: 2, maxLength: 6 }) }),
  fc.record({ kind: fc.constant('type' as const), field: fc.nat(), text: fc.string({ maxLength: 12 }) }),
  fc.constant({ kind: 'addIndicator' as const }),
  fc.record({ kind: fc.constant('removeIndicator' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('moveIndicator' as const), at: fc.nat() }),
  fc.constant({ kind: 'addProject' as const }),
  fc.record({ kind: fc.constant('removeProject' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('pasteRows' as const), raws: fc.array(raw, { minLength: 1, maxLength: 7 }) }),
  fc.record({ kind: fc.constant('projectCell' as const), at: fc.nat(), raw }),
);

const label = 'x';
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

function perform(doc: EditorDocument, a: Act): void {
  const pkg = (): Package => doc.pkg.value;
  const indicators = () => pkg().overall!.indicators;
  const projects = () => pkg().projects ?? [];
  switch (a.kind) {
    case 'cell': {
      const path = pick(AMOUNT_FIELDS, a.field);
      doc.edit([{ path, kind: 'number', raw: a.raw, label, amount: true }], label);
      return;
    }
    case 'paste':
      doc.edit(
        a.raws.map((r, i) => ({ path: pick(AMOUNT_FIELDS, a.first + i), kind: 'number' as const, raw: r, label, amount: true })),
        label,
      );
      return;
    case 'type': {
      // Typing letter by letter: one step per field while the user keeps typing.
      const path = pick(TEXT_FIELDS, a.field);
      const before = String(getAt(pkg(), path) ?? '');
      for (let i = 1; i <= a.text.length; i++) doc.setField(path, before + a.text.slice(0, i), label);
      return;
    }
    case 'addIndicator':
      doc.mutate((p) => p.overall!.indicators.push(emptyIndicator('产出指标', '数量指标')), { label, scope: 'overall.indicators' });
      return;
    case 'removeIndicator':
      if (indicators().length === 0) return;
      doc.mutate((p) => p.overall!.indicators.splice(a.at % indicators().length, 1), { label, scope: 'overall.indicators' });
      return;
    case 'moveIndicator': {
      const list = indicators();
      if (list.length < 2) return;
      const at = a.at % (list.length - 1);
      doc.mutate((p) => p.overall!.indicators.splice(at, 2, list[at + 1]!, list[at]!), { label, scope: 'overall.indicators' });
      return;
    }
    case 'addProject':
      doc.mutate((p) => p.projects!.push(blankProject(p, `新项目${projects().length + 1}`)), { label, scope: 'projects' });
      return;
    case 'removeProject':
      if (projects().length === 0) return;
      doc.mutate((p) => p.projects!.splice(a.at % projects().length, 1), { label, scope: 'projects' });
      return;
    case 'pasteRows': {
      // As the grid pastes below the last line: the list grows, then the new rows are filled, in one act.
      const path = 'basicData.lines.publicFunds';
      const start = (getAt(pkg(), path) as unknown[]).length;
      doc.mutate((p) => (getAt(p, path) as unknown[]).push(...a.raws.map(() => emptyYearLine())), { label, scope: path });
      doc.edit(
        a.raws.map((r, i) => ({ path: `${path}[${start + i}].actual`, kind: 'number' as const, raw: r, label, amount: true })),
        label,
      );
      return;
    }
    case 'projectCell':
      if (projects().length === 0) return;
      doc.edit([{ path: `projects[${a.at % projects().length}].funds.executed`, kind: 'number', raw: a.raw, label, amount: true }], label);
      return;
  }
}

describe('undo in the editor model', () => {
  it('puts the package back exactly after 50 random edits, and redo brings the edited package back exactly', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(act, { minLength: 50, maxLength: 50 }), async (acts) => {
        const original = example();
        const doc = createEditorDocument(structuredClone(original));
        // Every state the user saw, as JSON: an undo may only land on one of them, earlier each time.
        const seen = [JSON.stringify(doc.pkg.value)];
        for (const a of acts) {
          perform(doc, a);
          await actDone();
          seen.push(JSON.stringify(doc.pkg.value));
        }
        const edited = structuredClone(doc.pkg.value);
        let at = seen.length - 1;
        let steps = 0;
        while (doc.undoLabel.value !== null) {
          expect(doc.undo()).not.toBeNull();
          const now = seen.lastIndexOf(JSON.stringify(doc.pkg.value), at - 1);
          expect(now).toBeGreaterThanOrEqual(0);
          at = now;
          steps++;
        }
        expect(steps).toBeLessThanOrEqual(acts.length);
        expect(doc.pkg.value).toStrictEqual(original);
        while (doc.redoLabel.value !== null) doc.redo();
        expect(doc.pkg.value).toStrictEqual(edited);
        // Undo and redo are edits: there is something to save, and the figures follow.
        expect(doc.dirty.value).toBe(true);
        doc.dispose();
      }),
      { numRuns: 10 },
    );
  });

  it('names each step for the buttons, and forgets the steps when the content is replaced from elsewhere', async () => {
    const doc = createEditorDocument(example());
    expect(doc.undoLabel.value).toBeNull();
    doc.edit(
      [{ path: 'basicData.rows.reception.actual', kind: 'number', raw: '5.07', label: '公务接待 本年决算数', amount: true }],
      '修改“公务接待 本年决算数”',
    );
    await actDone();
    expect(doc.undoLabel.value).toBe('修改“公务接待 本年决算数”');
    expect(doc.computed.value.rows['reception']?.change?.toString()).toBeDefined();
    doc.undo();
    expect(doc.redoLabel.value).toBe('修改“公务接待 本年决算数”');
    doc.replace(example(), false);
    expect(doc.undoLabel.value).toBeNull();
    expect(doc.redoLabel.value).toBeNull();
  });

  it('undoes an import as one step', async () => {
    const original = example();
    const doc = createEditorDocument(structuredClone(original));
    const imported = { ...example(), projects: null, signature: { ...original.signature, preparer: '张三' } } as Package;
    doc.replace(imported, true, { label: '导入' });
    await actDone();
    expect(doc.pkg.value.projects).toBeNull();
    expect(doc.undoLabel.value).toBe('导入');
    doc.undo();
    expect(doc.pkg.value).toStrictEqual(original);
  });
});
