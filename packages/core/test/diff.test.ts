import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChanges, diffForReplay, diffJson } from '../src/index.js';

describe('diffJson', () => {
  it('lists only the leaves that changed, with their paths', () => {
    const before = { basicData: { staffing: { actual: '48', authorized: '48' } }, projects: [{ name: 'A', score: '9' }] };
    const after = { basicData: { staffing: { actual: '47', authorized: '48' } }, projects: [{ name: 'A', score: '8.5' }] };
    expect(diffJson(before, after)).toEqual([
      { path: 'basicData.staffing.actual', before: '48', after: '47' },
      { path: 'projects[0].score', before: '9', after: '8.5' },
    ]);
  });

  it('reports added and removed array elements and keys once each', () => {
    expect(diffJson({ rows: ['a'], x: 1 }, { rows: ['a', 'b'], y: 2 })).toEqual([
      { path: 'rows[1]', before: null, after: 'b' },
      { path: 'x', before: 1, after: null, removed: true },
      { path: 'y', before: null, after: 2 },
    ]);
  });

  it('treats a blank cell becoming a value as a change and equal documents as none', () => {
    expect(diffJson({ c: null }, { c: '0' })).toEqual([{ path: 'c', before: null, after: '0' }]);
    expect(diffJson({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toEqual([]);
  });
});

describe('applyChanges', () => {
  // JSON text as generated, parsed: what a database column gives back (no -0, no undefined).
  const json = fc.json({ maxDepth: 4 }).map((text) => JSON.parse(text) as unknown);

  it('turns any JSON value into any other by their diff', () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        const frozen = JSON.stringify(a);
        expect(applyChanges(a, diffJson(a, b))).toEqual(b);
        expect(JSON.stringify(a)).toBe(frozen);
      }),
      { numRuns: 2000 },
    );
  });

  it('replays small edits of a nested document, and tells removed from cleared', () => {
    const a = { rows: [{ n: 1 }, { n: 2 }, { n: 3 }], x: 1, 'odd key': { '0': 'z' }, ['__proto__']: 1 };
    const b = { rows: [{ n: 1 }, { n: null }], x: null, 'odd key': {}, y: [null] };
    expect(applyChanges(a, diffJson(a, b))).toEqual(b);
    expect(applyChanges(b, diffJson(b, a))).toEqual(a);
    expect(Object.getPrototypeOf(applyChanges({}, diffJson({}, JSON.parse('{"__proto__":{"p":1}}'))))).toBe(Object.prototype);
  });

  it('says when the replay also keeps the key order, so that its JSON text is exactly the new one', () => {
    const object = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', '1', 'x y'), json, { maxKeys: 5 });
    // Objects sharing keys in various orders, nested one level: edits, additions, removals and reorders.
    const pairs = fc.oneof(
      fc.tuple(json, json),
      fc.tuple(object, object).map(([a, b]) => [a, { ...a, ...b }] as const),
      fc.tuple(object, object).map(([a, b]) => [a, { ...b, ...a }] as const),
      fc.tuple(object, object).map(
        ([a, b]) =>
          [
            { n: a, m: [a] },
            { n: { ...b, ...a }, m: [b] },
          ] as const,
      ),
    );
    let kept = 0;
    fc.assert(
      fc.property(pairs, ([a, b]) => {
        const { changes, orderKept } = diffForReplay(a, b);
        expect(changes).toEqual(diffJson(a, b));
        const replayed = applyChanges(a, changes);
        expect(replayed).toEqual(b);
        if (orderKept) kept++;
        if (orderKept) expect(JSON.stringify(replayed)).toBe(JSON.stringify(b));
      }),
      { numRuns: 3000 },
    );
    expect(kept).toBeGreaterThan(300);
    expect(diffForReplay({ a: 1, b: 2 }, { b: 2, a: 1 }).orderKept).toBe(false);
    expect(diffForReplay({ a: 1, b: 2 }, { c: 3, a: 1 }).orderKept).toBe(false);
    expect(diffForReplay({ a: 1, b: 2 }, { a: 1, c: 3 }).orderKept).toBe(true);
  });

  it('refuses a path that does not fit the value', () => {
    expect(() => applyChanges({ a: 1 }, [{ path: 'a.b', before: null, after: 2 }])).toThrow(/a\.b/);
  });
});
