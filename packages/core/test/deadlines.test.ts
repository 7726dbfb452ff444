import { describe, expect, it } from 'vitest';
import { chinaDay, daysLeft, dueText, isDueDate, isLate, nextStep } from '../src/index.js';

describe('deadlines', () => {
  it('counts days in China, whatever the instant’s UTC day', () => {
    // 2024-05-30 17:00 UTC is already 2024-05-31 01:00 in China.
    const at = new Date('2024-05-30T17:00:00Z');
    expect(chinaDay(at)).toBe('2024-05-31');
    expect(daysLeft('2024-05-31', at)).toBe(0);
    expect(dueText('2024-05-31', at)).toBe('今天截止');
    expect(daysLeft('2024-06-03', at)).toBe(3);
    expect(dueText('2024-06-03', at)).toBe('还有 3 天');
    expect(dueText('2024-05-29', at)).toBe('已逾期 2 天');
  });

  it('keeps the due day in time and the next day late', () => {
    expect(isLate('2024-05-31', new Date('2024-05-31T15:59:59Z'))).toBe(false); // 23:59:59 in China
    expect(isLate('2024-05-31', new Date('2024-05-31T16:00:00Z'))).toBe(true); // 00:00 the next day
  });

  it('accepts only real calendar days', () => {
    expect(isDueDate('2024-02-29')).toBe(true);
    expect(isDueDate('2023-02-29')).toBe(false);
    expect(isDueDate('2024-5-31')).toBe(false);
  });

  it('reads who acts next from the workflow table', () => {
    expect(nextStep('draft')).toEqual({ role: 'unit_head', roleLabel: '单位负责人', act: '提交', due: 'submit' });
    expect(nextStep('dept_returned')?.role).toBe('unit_head');
    expect(nextStep('submitted')).toEqual({ role: 'dept_reviewer', roleLabel: '部门审核', act: '审核', due: 'review' });
    expect(nextStep('dept_approved')).toEqual({ role: 'finance_reviewer', roleLabel: '财政审核', act: '审核', due: 'finance' });
    expect(nextStep('finance_approved')).toEqual({ role: 'finance_reviewer', roleLabel: '财政审核', act: '公开', due: 'finance' });
    expect(nextStep('published')).toBeNull();
  });
});
