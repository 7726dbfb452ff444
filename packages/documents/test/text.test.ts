import { describe, expect, it } from 'vitest';
import { amountText, clean } from '../src/text.js';

describe('amountText', () => {
  it('prints an amount to 2 decimals, half-up, thousands grouped, and keeps blanks blank', () => {
    expect(['797.2', '103.25', '12.345', '7', '0.0', '-0.86', '1204.86', '36.775', '-0.005', '11891.753'].map(amountText)).toEqual([
      '797.20',
      '103.25',
      '12.35',
      '7.00',
      '0.00',
      '-0.86',
      '1,204.86',
      '36.78',
      '-0.01',
      '11,891.75',
    ]);
    expect(amountText(null)).toBe('');
  });
});

describe('clean', () => {
  it('drops what XML 1.0 cannot carry and keeps tabs, line breaks and CJK', () => {
    expect(clean('甲\u0000乙\u0008丙\u000B丁\u001F戊\uFFFE')).toBe('甲乙丙丁戊');
    expect(clean('a\tb\r\nc\rd')).toBe('a\tb\nc\nd');
    expect(clean('x\uD800y')).toBe('xy');
    expect(clean('𠀀<&>"\'')).toBe('𠀀<&>"\'');
  });
});
