/** The signature line under the tables: 单位负责人签字 / 填表人 / 联系电话 / 填报日期. */
import type { Signature } from '../model.js';

export const SIGNATURE_FIELDS = [
  { key: 'unitHead', label: '单位负责人签字', pattern: '单位负责人(?:签字|签名)?' },
  { key: 'filler', label: '填表人', pattern: '填表人' },
  { key: 'phone', label: '联系电话', pattern: '联系电话' },
  { key: 'date', label: '填报日期', pattern: '填报日期' },
] as const satisfies readonly { key: keyof Signature; label: string; pattern: string }[];

/**
 * Where the line is printed: under the last 附件3 table, as the template puts it (before 附件4–6);
 * under the last table when the package has no 附件3.
 */
export const SIGNATURE_AFTER = '附件3';
