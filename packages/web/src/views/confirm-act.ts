/**
 * The confirmation before 提交, 审核通过 and 公开: the open 警告 (which do not stop the act but should
 * have been looked at), and what happens next — who acts, by when — from the workflow and the task.
 */
import { h } from 'vue';
import { ElMessage, ElMessageBox } from 'element-plus';
import { ACTION_LABELS, type Role } from '@jixiao/core';
import { api, type PackageDetail, type UnitTask } from '../api/client.js';
import { afterActText } from './next-step.js';

/** Warnings listed by name in the dialog; the rest are counted. */
const LISTED = 5;

export async function confirmAct(
  action: 'submit' | 'approve' | 'publish',
  detail: PackageDetail,
  role: Role,
  task: UnitTask | null,
): Promise<boolean> {
  const label = ACTION_LABELS[action];
  const check = await api.check(detail.id).catch(() => null);
  const findings = check?.findings ?? [];
  const errors = findings.filter((f) => f.severity === '错误');
  if (action === 'submit' && errors.length > 0) {
    ElMessage.error(`还有 ${errors.length} 个“错误”级问题，修正后才能提交。首个：${errors[0]!.message}`);
    return false;
  }
  const warnings = findings.filter((f) => f.severity === '警告');
  const late =
    action === 'submit' && task && task.submittedAt === null && task.submitDaysLeft < 0
      ? `提交截止日期 ${task.submitDue} 已过（${task.submitDueText}），本次提交将记为逾期提交。`
      : '';
  const message = h('div', { class: 'act-confirm', 'data-test': 'act-confirm' }, [
    h(
      'p',
      { 'data-test': 'act-warnings' },
      check === null
        ? '未能读取校验结果。'
        : warnings.length
          ? `尚有 ${warnings.length} 个“警告”未处理（不阻止${label}，请确认均已核实）：`
          : '没有未处理的“警告”。',
    ),
    warnings.length
      ? h(
          'ul',
          {
            class: 'act-warning-list',
            style: 'max-height:160px;overflow:auto;padding-left:18px;margin:4px 0;font-size:12px;color:#606266',
          },
          [
            ...warnings.slice(0, LISTED).map((w) => h('li', w.message)),
            ...(warnings.length > LISTED ? [h('li', { class: 'more' }, `……另有 ${warnings.length - LISTED} 个，见右侧校验结果`)] : []),
          ],
        )
      : null,
    late ? h('p', { class: 'act-late', 'data-test': 'act-late', style: 'color:#f56c6c' }, late) : null,
    h('p', { class: 'act-next', 'data-test': 'act-next', style: 'font-weight:600' }, afterActText(detail, role, action, task)),
  ]);
  return ElMessageBox.confirm(message, `确认${label}：${detail.year} 年度 ${detail.orgName}`, {
    confirmButtonText: `确认${label}`,
    cancelButtonText: '取消',
    type: warnings.length || late ? 'warning' : 'info',
    customClass: 'act-confirm-box',
  })
    .then(() => true)
    .catch(() => false);
}
