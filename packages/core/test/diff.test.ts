import { describe, expect, it } from 'vitest';
import { diffJson } from '../src/index.js';

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
      { path: 'x', before: 1, after: null },
      { path: 'y', before: null, after: 2 },
    ]);
  });

  it('treats a blank cell becoming a value as a change and equal documents as none', () => {
    expect(diffJson({ c: null }, { c: '0' })).toEqual([{ path: 'c', before: null, after: '0' }]);
    expect(diffJson({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toEqual([]);
  });
});
