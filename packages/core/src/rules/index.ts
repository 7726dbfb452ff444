/** Every rule of the engine, in the order findings are listed. */
import { BASIC_DATA_RULES } from './basic-data.js';
import { CROSS_RULES } from './cross.js';
import { EVALUATION_RULES } from './evaluation.js';
import { REPORT_ARITHMETIC_RULES } from './report-arithmetic.js';
import { REPORT_CONSISTENCY_RULES } from './report-consistency.js';
import { REPORT_COUNT_RULES } from './report-counts.js';
import { REPORT_RULES } from './report-text.js';
import type { Rule } from './types.js';
import { UNCERTAIN_RULES } from './uncertain.js';

export const RULES: readonly Rule[] = [
  ...UNCERTAIN_RULES,
  ...BASIC_DATA_RULES,
  ...EVALUATION_RULES,
  ...CROSS_RULES,
  ...REPORT_RULES,
  // The report's text against itself: these need no table.
  ...REPORT_ARITHMETIC_RULES,
  ...REPORT_COUNT_RULES,
  ...REPORT_CONSISTENCY_RULES,
];

export type { Finding, Location, Part, Rule, RuleContext, Severity } from './types.js';
