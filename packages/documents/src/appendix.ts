/**
 * 整改情况, printed on request after the attachments: every point of the package's returns with the
 * unit's answers and the reviewers' decisions, in the order they were made. The service gives the
 * exchange as text (who, when, what); this module only sets it as a table like the attachments.
 */
import { type Attachment, GridBuilder, label, text } from './tables.js';

/** One point of rectification and its exchange, as printed. */
export interface RectificationRecord {
  /** 主管部门 / 财政部门 */
  stage: string;
  /** the field's label, or 总体意见 */
  field: string;
  message: string;
  /** who raised it and when: "主管部门 李审核 2024-05-10 09:30" */
  raised: string;
  /** each answer and decision, oldest first: "2024-05-12 10:02 刘填报 整改说明（已整改）：…" */
  exchange: string[];
  /** 已确认, 重新打开，待整改 … */
  state: string;
}

export function rectificationAppendix(records: readonly RectificationRecord[]): Attachment {
  const b = new GridBuilder(6);
  b.add([label('序号'), label('提出'), label('所在位置'), label('整改意见'), label('整改说明与审核确认'), label('状态')]);
  records.forEach((r, i) =>
    b.add([
      text(String(i + 1), 1, 'center'),
      text(`${r.stage}退回\n${r.raised}`),
      text(r.field),
      text(r.message),
      text(r.exchange.length > 0 ? r.exchange.join('\n') : '（尚未答复）'),
      text(r.state, 1, 'center'),
    ]),
  );
  return {
    label: '附录',
    title: '整改情况',
    sheetName: '整改情况',
    columns: b.columns(),
    rows: b.rows,
    headerRows: 1,
    notes: records.length === 0 ? ['该自评包没有被退回过，没有整改意见。'] : [],
  };
}
