import { describe, expect, it } from 'vitest';
import { changesForPoint, rectificationState, reviewerMayDecide, unansweredPoints, undecidedPoints, unitMayAnswer } from '../src/index.js';

describe('rectification rules', () => {
  it('reads a point’s state from its exchange, the last step deciding', () => {
    expect(rectificationState([])).toBe('open');
    expect(rectificationState([{ kind: 'answer', done: false }])).toBe('answering');
    expect(
      rectificationState([
        { kind: 'answer', done: false },
        { kind: 'answer', done: true },
      ]),
    ).toBe('done');
    expect(rectificationState([{ kind: 'answer', done: true }, { kind: 'reopen' }])).toBe('reopened');
    expect(
      rectificationState([{ kind: 'answer', done: true }, { kind: 'reopen' }, { kind: 'answer', done: true }, { kind: 'accept' }]),
    ).toBe('accepted');
  });

  it('holds a submission while a point is not answered and marked done, an approval while one of the stage is not accepted', () => {
    const points = [
      { id: 'a', stage: 'dept' as const, state: 'done' as const },
      { id: 'b', stage: 'dept' as const, state: 'reopened' as const },
      { id: 'c', stage: 'finance' as const, state: 'answering' as const },
      { id: 'd', stage: 'dept' as const, state: 'accepted' as const },
    ];
    expect(unansweredPoints(points).map((p) => p.id)).toEqual(['b', 'c']);
    expect(undecidedPoints(points, 'dept').map((p) => p.id)).toEqual(['a', 'b']);
    expect(undecidedPoints(points, 'finance').map((p) => p.id)).toEqual(['c']);
    expect(unitMayAnswer('accepted')).toBe(false);
    expect(unitMayAnswer('reopened')).toBe(true);
    expect(reviewerMayDecide('answering')).toBe(false);
    expect(reviewerMayDecide('done')).toBe(true);
  });

  it('gives a point the changes at, inside or around its field, and a general point every change', () => {
    const changes = [
      { path: 'basicData.staffing.actual', before: '48', after: '47' },
      { path: 'basicData.staffing.actualRate', before: '1', after: '0.98' },
      { path: 'projects[1]', before: null, after: { name: '新增项目' } },
      { path: 'projects[0].indicators[2].actual', before: '90%', after: '95%' },
    ];
    expect(changesForPoint('basicData.staffing.actual', changes).map((c) => c.path)).toEqual(['basicData.staffing.actual']);
    expect(changesForPoint('projects[0]', changes).map((c) => c.path)).toEqual(['projects[0].indicators[2].actual']);
    expect(changesForPoint('projects[1].name', changes).map((c) => c.path)).toEqual(['projects[1]']);
    expect(changesForPoint(null, changes)).toHaveLength(4);
  });
});
