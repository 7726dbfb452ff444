/** Chinese wording of the JSON-schema validation errors Fastify reports for request bodies and queries. */
export interface ValidationIssue {
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

export function validationMessage(issue: ValidationIssue): string {
  const p = issue.params;
  switch (issue.keyword) {
    case 'required':
      return `缺少字段 ${String(p.missingProperty)}`;
    case 'type':
      return `应为 ${String(p.type)} 类型`;
    case 'enum':
      return `取值应为 ${(p.allowedValues as unknown[]).join('、')} 之一`;
    case 'minLength':
      return `长度至少为 ${String(p.limit)}`;
    case 'maxLength':
      return `长度最多为 ${String(p.limit)}`;
    case 'minimum':
      return `不得小于 ${String(p.limit)}`;
    case 'maximum':
      return `不得大于 ${String(p.limit)}`;
    case 'additionalProperties':
      return `不允许的字段 ${String(p.additionalProperty)}`;
    case 'pattern':
      return '格式不正确';
    default:
      return issue.message ?? '不符合要求';
  }
}
