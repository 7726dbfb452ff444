/**
 * A document title broken into lines at meaning units, as GB/T 9704 asks of a title that needs
 * several lines (回行时要做到词意完整，排列对称，长短适宜): 「2023年度…街道办事处整体支出／绩效自评报告」,
 * never 「…绩效自／评报告」. Breaks go only between words; the words of report titles that a general
 * word segmenter cuts (办事处, 自评报告) are kept whole, and the breaks a title's parts suggest are
 * preferred: before the kind of report, after the year, after the unit.
 */

/** Words never cut, though a word segmenter cuts them. */
const WHOLE = [
  '绩效自评报告',
  '绩效评价报告',
  '自评报告',
  '整体支出',
  '项目支出',
  '街道办事处',
  '办事处',
  '人民政府',
  '委员会',
  '管理局',
  '服务中心',
  '事务中心',
];

/** Cost of breaking before a position, by what follows or precedes it; other word boundaries cost WORD. */
const PREFERRED: { before?: RegExp; after?: RegExp; cost: number }[] = [
  { before: /^(绩效自评报告|绩效评价报告|自评报告|评价报告|报告)$/u, cost: 0 },
  { after: /(年度|年)$/u, cost: 1 },
  { before: /^(部门整体支出|整体支出|项目支出)/u, cost: 2 },
  { after: /(办事处|人民政府|委员会|局|中心|街道|部门|单位)$/u, cost: 2 },
];
const WORD = 6;
/** Weight of a line's squared free share of the width, so that among equal breaks the lines come out even. */
const UNEVEN = 1;

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Positions (in UTF-16 units) between words where the title may break, with their cost. */
function breakPoints(title: string, keep: readonly string[]): Map<number, number> {
  const inside = new Set<number>();
  for (const word of [...WHOLE, ...keep]) {
    if (word.length < 2) continue;
    for (let at = title.indexOf(word); at >= 0; at = title.indexOf(word, at + 1)) {
      for (let i = at + 1; i < at + word.length; i++) inside.add(i);
    }
  }
  const points = new Map<number, number>();
  for (const { index } of segmenter.segment(title)) {
    if (index === 0 || inside.has(index)) continue;
    // A space is where a line may end: it does not start a line.
    if (/\s/u.test(title[index] ?? '')) continue;
    const before = title.slice(0, index).trimEnd();
    const after = title.slice(index);
    const rule = PREFERRED.find((p) => (p.before ? p.before.test(after) : true) && (p.after ? p.after.test(before) : true));
    points.set(index, rule?.cost ?? WORD);
  }
  return points;
}

/**
 * The title's lines, each no wider than `width` as `measure` tells, in as few lines as fit, then
 * broken where it costs least. `keep` are names (the unit's) that should stay on one line. A title
 * that cannot be broken between words to fit is broken between characters.
 */
export function titleLines(title: string, width: number, measure: (text: string) => number, keep: readonly string[] = []): string[] {
  const text = title.trim();
  if (text === '' || measure(text) <= width) return [text];
  const points = breakPoints(text, keep);
  const cuts = [0, ...[...points.keys()].sort((a, b) => a - b), text.length];
  // Shortest path over the cuts: fewest lines first, then the least cost.
  const best: ({ lines: number; cost: number; from: number } | undefined)[] = [{ lines: 0, cost: 0, from: -1 }];
  for (let j = 1; j < cuts.length; j++) {
    for (let i = 0; i < j; i++) {
      const prior = best[i];
      if (!prior) continue;
      const line = text.slice(cuts[i], cuts[j]).trim();
      const used = measure(line);
      if (used > width) continue;
      const end = cuts[j] as number;
      const cost = prior.cost + (end === text.length ? 0 : (points.get(end) ?? WORD)) + UNEVEN * ((width - used) / width) ** 2;
      const lines = prior.lines + 1;
      const current = best[j];
      if (!current || lines < current.lines || (lines === current.lines && cost < current.cost)) best[j] = { lines, cost, from: i };
    }
  }
  if (!best[cuts.length - 1]) return breakAnywhere(text, width, measure);
  const lines: string[] = [];
  for (let j = cuts.length - 1; j > 0; j = (best[j] as { from: number }).from) {
    lines.unshift(text.slice(cuts[(best[j] as { from: number }).from], cuts[j]).trim());
  }
  return lines;
}

function breakAnywhere(text: string, width: number, measure: (text: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (line !== '' && measure(line + ch) > width) {
      lines.push(line);
      line = '';
    }
    line += ch;
  }
  return [...lines, line];
}
