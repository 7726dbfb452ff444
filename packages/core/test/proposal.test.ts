import { describe, expect, it } from 'vitest';
import {
  acceptAll,
  acceptSentence,
  check,
  compute,
  draftProposals,
  parsePackage,
  proposalSettled,
  renumberedReport,
  sentences,
  type Package,
  type SectionProposal,
} from '../src/index.js';
import { example } from './example.js';

const THREE_PUBLIC_REASON = '主要原因是2023年较2022年减少了疫情防控全民核酸检测加班用餐支出';

function proposals(pkg: Package): SectionProposal[] {
  return draftProposals(pkg, compute(pkg));
}

describe('sentences', () => {
  it('splits at full stops, keeps closing quotes with their sentence and gives the paragraph back when joined', () => {
    const text = '实现“小事不出社区，大事不出街道。”现有人数78人；离退休30人！是否完成？  无';
    expect(sentences(text)).toEqual(['实现“小事不出社区，大事不出街道。”', '现有人数78人；离退休30人！', '是否完成？', '  无']);
    expect(sentences(text).join('')).toBe(text);
    expect(sentences('（一）基本支出情况')).toEqual(['（一）基本支出情况']);
    expect(sentences('')).toEqual([]);
  });
});

describe('draftProposals', () => {
  it("sets the seed's drafted 二–五 beside the unit's text, sentence by sentence", () => {
    const pkg = example();
    const [general, fund, capital, social] = proposals(pkg);
    expect(general!.section).toBe(1);
    expect(general!.own.flat().join('')).toBe(pkg.report.sections[1]!.paragraphs.join(''));
    expect(general!.proposal.flat().map((s) => s.placement)).toEqual([
      { kind: 'same', at: { paragraph: 0, sentence: 0 } },
      // The drafted 基本支出 and 三公 sentences stand against the unit's two sentences of that paragraph.
      { kind: 'replace', at: { paragraph: 1, sentence: 0 } },
      { kind: 'replace', at: { paragraph: 1, sentence: 1 } },
      { kind: 'replace', at: { paragraph: 2, sentence: 0 } },
      { kind: 'replace', at: { paragraph: 3, sentence: 0 } },
    ]);
    // 附件4–6 are not in the seed: the proposal is the unit's own words, nothing to accept.
    for (const section of [fund, capital, social]) expect(proposalSettled(section!)).toBe(true);
    expect(proposalSettled(general!)).toBe(false);
  });

  it('places a drafted sentence the unit has nothing like as new, beside its neighbours', () => {
    const pkg = example();
    pkg.report.sections[1]!.paragraphs = ['（一）基本支出情况', '本单位基本支出保障了机构正常运转。'];
    const placements = proposals(pkg)[0]!.proposal.map((p) => p.map((s) => s.placement));
    expect(placements[0]).toEqual([{ kind: 'same', at: { paragraph: 0, sentence: 0 } }]);
    // Nothing of the unit's says these: each drafted paragraph goes after the last one placed.
    expect(placements[1]).toEqual([{ kind: 'insert', at: { paragraph: 1, sentence: 0 }, newParagraph: true }]);
    expect(placements[3]).toEqual([{ kind: 'insert', at: { paragraph: 1, sentence: 0 }, newParagraph: true }]);
  });

  it('offers a section the unit did not write, to be added where the outline puts it', () => {
    const pkg = example();
    pkg.report.sections.splice(2, 1);
    pkg.otherFunds.governmentFund = { rows: [], note: '' };
    const fund = proposals(pkg)[1]!;
    expect(fund.section).toBe(-1);
    expect(fund.heading).toBe('三、政府性基金预算支出情况');
    const report = acceptAll(pkg.report, fund);
    expect(report.sections[2]).toEqual({
      heading: '三、政府性基金预算支出情况',
      paragraphs: ['本单位无政府性基金预算支出。'],
      explanation: '',
      acceptedDraft: ['本单位无政府性基金预算支出。'],
    });
    expect(report.sections[3]!.heading).toBe('四、国有资本经营预算支出情况');
  });
});

describe('accepting a proposal', () => {
  it('keeps the unit’s text until the unit accepts: the proposal changes nothing by itself', () => {
    const pkg = example();
    proposals(pkg);
    expect(pkg).toEqual(example());
  });

  it('accept all: the section becomes the draft, recorded sentence by sentence; the explanation stays', () => {
    const pkg = example();
    pkg.report.sections[1]!.explanation = `三公经费变动原因：${THREE_PUBLIC_REASON}。`;
    const general = proposals(pkg)[0]!;
    const report = acceptAll(pkg.report, general);
    const section = report.sections[1]!;
    expect(section.paragraphs).toEqual(general.proposal.map((p) => p.map((s) => s.text).join('')));
    expect(section.acceptedDraft).toHaveLength(5);
    expect(section.acceptedDraft[2]).toMatch(/^本单位2023年度三公经费支出4\.07万元/);
    expect(section.explanation).toBe(pkg.report.sections[1]!.explanation);
    expect(section.heading).toBe(pkg.report.sections[1]!.heading);
    expect(report.sections[0]).toEqual(pkg.report.sections[0]);
    expect(pkg.report).toEqual({ ...example().report, sections: pkg.report.sections }); // the input is not changed
    expect(pkg.report.sections[1]!.acceptedDraft).toEqual([]);
  });

  it('accept one sentence: it replaces the unit’s sentence it matches; the rest stays the unit’s', () => {
    const pkg = example();
    const report = acceptSentence(pkg.report, proposals(pkg)[0]!, { paragraph: 1, sentence: 0 });
    const [basic, threePublic] = sentences(report.sections[1]!.paragraphs[1]!);
    expect(basic).toBe('本单位2023年度的基本支出为1409.62万元。');
    expect(threePublic).toContain(THREE_PUBLIC_REASON);
    expect(report.sections[1]!.paragraphs[3]).toContain('其他城管环卫资金17.82万元');
    expect(report.sections[1]!.acceptedDraft).toEqual(['本单位2023年度的基本支出为1409.62万元。']);
    // Placed against the new text, the accepted sentence is the same as the unit's now.
    const again = proposals({ ...pkg, report })[0]!;
    expect(again.proposal[1]![0]!.placement.kind).toBe('same');
  });

  it('accept one sentence that is new: it goes where it was placed', () => {
    const pkg = example();
    pkg.report.sections[1]!.paragraphs = ['（一）基本支出情况', '本单位基本支出保障了机构正常运转。'];
    const report = acceptSentence(pkg.report, proposals(pkg)[0]!, { paragraph: 1, sentence: 0 });
    expect(report.sections[1]!.paragraphs).toEqual([
      '（一）基本支出情况',
      '本单位2023年度的基本支出为1409.62万元。',
      '本单位基本支出保障了机构正常运转。',
    ]);
  });

  it('a sentence the unit already has is not accepted again', () => {
    const pkg = example();
    expect(acceptSentence(pkg.report, proposals(pkg)[0]!, { paragraph: 0, sentence: 0 })).toBe(pkg.report);
  });

  it('an accepted draft and numbering fix leave no report finding, as the drafts quote the tables', () => {
    const pkg = example();
    let report = pkg.report;
    for (const proposal of proposals(pkg)) report = acceptAll(report, proposal);
    const accepted = { ...pkg, report: renumberedReport(report) };
    expect(check(accepted).findings.filter((f) => f.ruleId.startsWith('r.'))).toEqual([]);
  });
});

describe('the section fields of the format', () => {
  it('read a package written before them as having no explanation and nothing accepted', () => {
    const json = JSON.parse(JSON.stringify(example())) as { report: { sections: Record<string, unknown>[] } };
    for (const section of json.report.sections) {
      delete section['explanation'];
      delete section['acceptedDraft'];
    }
    const parsed = parsePackage(json);
    expect(parsed.ok && parsed.package).toEqual(example());
  });

  it('check the figures an explanation quotes like the paragraphs', () => {
    const pkg = example();
    pkg.report.sections[1]!.explanation = '三公经费支出5.07万元，比2022年度的4.93万元减少了0.99万元，主要原因是减少了加班用餐支出。';
    const findings = check(pkg).findings.filter((f) => f.location.path === 'report.sections[1].explanation');
    expect(findings.map((f) => f.ruleId)).toEqual(['r.figures', 'rt.change']);
    expect(findings[1]!.message).toMatch(/^“二、 一般公共预算支出情况”的单位说明：/);
  });
});
