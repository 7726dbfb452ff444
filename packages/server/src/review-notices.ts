/** What a unit hears when its package is returned or approved: the in-app notice (and its e-mail). */
import { STATUS_LABELS, type Status } from '@jixiao/core';
import type { Services } from './context.js';
import { unitUsers } from './notices.js';
import type { Caller } from './policy.js';

export async function tellUnitOfReview(
  s: Services,
  caller: Caller,
  row: { id: string; org_id: string; year: number; status: Status },
  decision: 'approve' | 'return',
  comment: string,
  fieldComments: number,
): Promise<void> {
  const unit = s.tree.get(row.org_id)?.name ?? '';
  const by = `${s.tree.get(caller.orgId)?.name ?? ''}（${caller.displayName}）`;
  const users = (await unitUsers(s.db.kysely, [row.org_id])).get(row.org_id) ?? [];
  const reasons = [comment ? `理由：${comment}` : '', fieldComments ? `逐项意见 ${fieldComments} 条` : ''].filter(Boolean).join('；');
  await s.notices.notify(
    users,
    decision === 'return'
      ? {
          kind: 'returned',
          title: `${row.year} 年度自评包被退回`,
          body: `${by}退回了 ${unit} ${row.year} 年度自评包${reasons ? `。${reasons}` : ''}。请修改后重新提交。`,
          packageId: row.id,
        }
      : {
          kind: 'approved',
          title: `${row.year} 年度自评包${STATUS_LABELS[row.status]}`,
          body: `${by}审核通过了 ${unit} ${row.year} 年度自评包，当前状态：${STATUS_LABELS[row.status]}。`,
          packageId: row.id,
        },
  );
}
