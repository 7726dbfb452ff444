import { describe, expect, it } from 'vitest';
import { readAmount, readNumber, yuanToWan } from '../src/index.js';

describe('amounts typed in 元 where the unit is 万元', () => {
  it('moves the point four places, exactly', () => {
    expect(yuanToWan('1204860')).toBe('120.486');
    expect(yuanToWan('1204860.00')).toBe('120.486');
    expect(yuanToWan('5')).toBe('0.0005');
    expect(yuanToWan('10000')).toBe('1');
    expect(yuanToWan('-12345.6')).toBe('-1.23456');
    expect(yuanToWan('0')).toBe('0');
    expect(yuanToWan('-0.00')).toBe('0');
  });

  it('offers the conversion of a figure marked as 元 and says the unit is 万元', () => {
    for (const raw of ['1204860元', '1,204,860 元', '１２０４８６０元', '￥1204860', '¥1,204,860.00', '人民币1204860元']) {
      const reading = readAmount(raw);
      expect(reading.ok, raw).toBe(false);
      if (reading.ok) continue;
      expect(reading.inYuan, raw).toEqual({ yuan: expect.stringMatching(/^1204860(\.00)?$/), wan: '120.486' });
      expect(reading.reason).toContain('万元');
      expect(reading.reason).toContain('120.49 万元');
      expect(reading.reason).toContain('1,204,860.00 元');
    }
  });

  it('reads 万元 figures as before, and says the unit when a text is no amount', () => {
    expect(readAmount('120.486万元')).toEqual({ ok: true, value: '120.486', percent: false });
    expect(readAmount('1,204.50')).toEqual(readNumber('1,204.50'));
    expect(readAmount('')).toEqual({ ok: true, value: null, percent: false });
    const words = readAmount('一百元');
    expect(words.ok).toBe(false);
    if (!words.ok) {
      expect(words.inYuan).toBeUndefined();
      expect(words.reason).toContain('不是有效的数字');
      expect(words.reason).toContain('金额单位为万元');
    }
    // A bare number is taken as 万元, however large: only the unit marks a figure as 元.
    expect(readAmount('1204860')).toEqual({ ok: true, value: '1204860', percent: false });
  });
});
