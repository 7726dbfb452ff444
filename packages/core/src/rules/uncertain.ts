/** Figures an import could not place: said once per row, so that the user enters them from the original. */
import { partOfPath } from '../uncertain.js';
import { rule, type Rule } from './types.js';

/** The rule that says an uncertain row is unknown; check() lets it through where it drops what rests on the row. */
export const UNCERTAIN_RULE_ID = 'import.uncertain';

const uncertainFigures = rule(
  UNCERTAIN_RULE_ID,
  '警告',
  '导入时未能确定归属列的数值：该行的数值未知，与它相关的合计和比率未校验，请按原件填写',
  (ctx, report) => {
    for (const entry of ctx.pkg.uncertain) {
      const shown = entry.values.length > 0 ? `原文有 ${entry.values.length} 个数（${entry.values.join('、')}）` : '原文的数值';
      const columns = entry.columns.length > 0 ? `，该行有 ${entry.columns.length} 列（${entry.columns.join('、')}）` : '';
      report(`“${entry.label}”一行的数值无法确定：${shown}${columns}，不能确定各属哪一列；与它相关的合计和比率未校验，请按原件填写`, {
        part: partOfPath(entry.path),
        path: entry.path,
        row: entry.label,
      });
    }
  },
);

export const UNCERTAIN_RULES: readonly Rule[] = [uncertainFigures];
