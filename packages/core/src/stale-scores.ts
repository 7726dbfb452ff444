/**
 * A 得分 printed in the unit's file scores the row as it was printed. Where the template computes scores,
 * the formula's score is counted and the printed one is kept only for ev.score-formula to say where the
 * two differ; once the user changes the row's 指标值, 实际完成值 or 分值, the printed score speaks of
 * figures the row no longer has, and would go on being compared. The editor clears it with the edit.
 */
import { scoreIndicator, settingsOf, templateOf } from './compute.js';
import type { Indicator, Package } from './model.js';

const MEASURE = /^(overall|projects\[(\d+)\])\.indicators\[(\d+)\]\.(?:target|actual|weight)$/;

/** The paths of printed scores that the writes at `written` leave describing other figures. */
export function staleScores(pkg: Package, written: readonly string[]): string[] {
  const settings = settingsOf(templateOf(pkg));
  if (!settings.computedScores) return [];
  const stale = new Set<string>();
  for (const path of written) {
    const found = MEASURE.exec(path);
    if (!found) continue;
    const table = found[2] === undefined ? pkg.overall : pkg.projects?.[Number(found[2])];
    const index = Number(found[3]);
    const row: Indicator | undefined = table?.indicators[index];
    // A score the formula does not give (a 定性 row, say) is the unit's own, typed: it stays.
    if (row && row.score !== null && scoreIndicator(row, index, settings).source === 'formula')
      stale.add(`${found[1]}.indicators[${index}].score`);
  }
  return [...stale];
}
