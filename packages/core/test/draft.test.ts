import { describe, expect, it } from 'vitest';
import { chineseNumber, compute, draftSpendingSections, numberingLevels, renumberParagraphs, renumberedReport } from '../src/index.js';
import { example } from './example.js';

describe('chineseNumber', () => {
  it('writes section numbers the way official documents do', () => {
    expect([1, 2, 9, 10, 11, 20, 35].map(chineseNumber)).toEqual(['一', '二', '九', '十', '十一', '二十', '三十五']);
  });
});

describe('renumberParagraphs', () => {
  it("normalises the seed's mixed numbering to （一） 1. （1）", () => {
    expect(
      renumberParagraphs([
        '（一）职能职责',
        '1、加强党的建设。',
        '2、服务经济发展。',
        '（1）第一小项',
        '(2) 第二小项',
        '（二）机构设置',
        '（2） 项目支出情况',
      ]),
    ).toEqual([
      '（一）职能职责',
      '1.加强党的建设。',
      '2.服务经济发展。',
      '（1）第一小项',
      '（2）第二小项',
      '（二）机构设置',
      '（三）项目支出情况',
    ]);
  });

  it('leaves plain text that merely starts with a number alone', () => {
    const text = ['2024年，吕仙亭街道将继续贯彻落实。', '1.5万元用于办公。', '一是项目建设上求速度。'];
    expect(numberingLevels(text)).toEqual([0, 0, 0]);
    expect(renumberParagraphs(text)).toEqual(text);
  });
});

describe('draftSpendingSections', () => {
  it("quotes the seed's table figures: 基本支出, 三公 comparison, every project with its amount", () => {
    const [general, fund, capital, social] = draftSpendingSections(example(), compute(example()));
    const text = general!.paragraphs.join('\n');
    expect(text).toContain('本单位2023年度的基本支出为1409.62万元。');
    expect(text).toContain('三公经费支出4.07万元，其中公务接待费4.07万元');
    expect(text).toContain('三公经费预算数为7.00万元，实际支出为预算数的58.14%');
    expect(text).toContain('比2022年度的4.93万元减少了0.86万元，下降17.44%');
    expect(text).toContain('本单位2023年度的项目支出为797.20万元');
    for (const [name, figure] of [
      ['环卫工人工资', '395.28'],
      ['临时救助', '5.80'],
      ['春节慰问款', '14.00'],
    ]) {
      expect(text).toContain(`${name}${figure}万元`);
    }
    // Lines with nothing spent in 2023 are not listed as spending.
    expect(text).not.toContain('G240两侧房屋及配套项目建设');
    // 附件4–6 are not in the seed (it names them only): the unit's own words stand.
    expect(fund!.paragraphs).toEqual(['本单位无政府性基金预算支出。']);
    expect(capital!.paragraphs).toEqual(['本单位无国有资本经营预算支出。']);
    expect(social!.paragraphs).toEqual(example().report.sections[4]!.paragraphs);
  });

  it('drafts "无" for a fund table that is there and empty', () => {
    const pkg = example();
    pkg.report.sections[2]!.paragraphs = ['（单位自己的说法）'];
    pkg.otherFunds = {
      governmentFund: { rows: [], note: '' },
      stateCapital: { rows: [], note: '' },
      socialInsurance: { rows: [], note: '' },
    };
    const [, fund, capital, social] = draftSpendingSections(pkg, compute(pkg));
    expect(fund!.paragraphs).toEqual(['本单位无政府性基金预算支出。']);
    expect(capital!.paragraphs).toEqual(['本单位无国有资本经营预算支出。']);
    expect(social!.paragraphs).toEqual(['本单位无社会保险基金预算支出。']);
  });

  it('states an increase and lists fund lines with their amounts', () => {
    const pkg = example();
    pkg.basicData.rows.threePublic = { prior: '2', budget: '3', actual: '2.5' };
    pkg.otherFunds.governmentFund = { rows: [{ name: '城市基础设施配套费', budget: '10', actual: '8.125' }], note: '' };
    const [general, fund] = draftSpendingSections(pkg, compute(pkg));
    expect(general!.paragraphs.join('')).toContain('比2022年度的2.00万元增加了0.50万元，增长25.00%');
    expect(fund!.paragraphs[0]).toBe('本单位2023年度政府性基金预算支出8.13万元（预算数10.00万元），包括城市基础设施配套费8.13万元。');
  });
});

describe('renumberedReport', () => {
  it("offers the seed's ten headings as 一 to 十 and its sub-headings as （一） 1., changing no word", () => {
    const pkg = example();
    const report = renumberedReport(pkg.report);
    expect(report.sections.map((s) => s.heading)).toEqual([
      '一、单位基本情况',
      '二、一般公共预算支出情况',
      '三、政府性基金预算支出情况',
      '四、国有资本经营预算支出情况',
      '五、社会保险基金预算支出情况',
      '六、单位整体支出绩效情况',
      '七、存在的问题及原因分析',
      '八、下一步改进措施',
      '九、单位整体支出绩效自评结果拟应用和公开情况',
      '十、其他需要说明的情况',
    ]);
    expect(report.sections[0]!.paragraphs[1]).toMatch(/^1\.加强党的建设。/);
    expect(report.sections[1]!.paragraphs[2]).toBe('（二）项目支出情况');
    // Everything but the markers is the unit's: the 三公 reason, the 基本支出 breakdown, the project list.
    expect(report.sections[1]!.paragraphs[1]).toBe(pkg.report.sections[1]!.paragraphs[1]);
    expect(report.sections[1]!.paragraphs[3]).toBe(pkg.report.sections[1]!.paragraphs[3]);
    expect(report.sections[7]!.paragraphs).toEqual(pkg.report.sections[7]!.paragraphs);
    expect(report.cover).toEqual(pkg.report.cover);
    expect(report.attachmentList).toEqual(pkg.report.attachmentList);
  });

  it('leaves the package it is given alone', () => {
    const pkg = example();
    renumberedReport(pkg.report);
    expect(pkg).toEqual(example());
  });
});
