/** Every rule of the engine, in the order findings are listed. */
import { BASIC_DATA_RULES } from './basic-data.js';
import { CROSS_RULES } from './cross.js';
import { EVALUATION_RULES } from './evaluation.js';
import { REPORT_RULES } from './report-text.js';
import type { Rule } from './types.js';

export const RULES: readonly Rule[] = [...BASIC_DATA_RULES, ...EVALUATION_RULES, ...CROSS_RULES, ...REPORT_RULES];

export type { Finding, Location, Part, Rule, RuleContext, Severity } from './types.js';
