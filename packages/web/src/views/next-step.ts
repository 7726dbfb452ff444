/**
 * What happens next to a package, in words, from core's workflow table and deadlines and the task's
 * due dates: who acts (their organisation and role), what they do and by when.
 */
import { type NextStep, type Role, type Status, nextStatus, nextStep } from '@jixiao/core';
import type { PackageDetail, UnitTask } from '../api/client.js';

function whoActs(step: NextStep, detail: PackageDetail): string {
  const org =
    step.role === 'unit_head' ? detail.orgName : step.role === 'dept_reviewer' ? (detail.departmentName ?? '主管部门') : '财政部门';
  return `${org}（${step.roleLabel}）`;
}

/** The days left are the service's (its clock decides lateness), not this browser's; a task may set no finance due date. */
function byWhen(step: NextStep, task: UnitTask | null): string {
  if (!task || !step.due) return '';
  const [day, text] =
    step.due === 'submit'
      ? [task.submitDue, task.submitDueText]
      : step.due === 'review'
        ? [task.reviewDue, task.reviewDueText]
        : [task.financeDue, task.financeDueText];
  return day ? `，截止 ${day}（${text}）` : '';
}

/** "下一步：洞庭街道办事处（单位负责人）提交，截止 2024-05-31（还有 3 天）", or null once published. */
export function nextStepText(detail: PackageDetail, task: UnitTask | null): string | null {
  const step = nextStep(detail.status);
  return step ? `${whoActs(step, detail)}${step.act}${byWhen(step, task)}` : null;
}

/** What follows the caller's act, for the confirmation: who acts after it and by when. */
export function afterActText(detail: PackageDetail, role: Role, action: 'submit' | 'approve' | 'publish', task: UnitTask | null): string {
  const to: Status | undefined = nextStatus(detail.status, role, action);
  if (to === 'published') return '公开后，任何人可在公开页面查看并下载该自评包；如需更正，须由财政审核重新打开。';
  const step = to ? nextStep(to) : null;
  if (!step) return '';
  return `之后由 ${whoActs(step, detail)}${step.act}${byWhen(step, task)}。`;
}
