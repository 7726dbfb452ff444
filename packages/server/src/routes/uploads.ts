/** What the routes that take a file's bytes as their body share: the file's name in the query, and the bytes. */
import { ApiError } from '../errors.js';

/** The query of an upload: the file's name, whose extension says how it is read, and a route's own options. */
export function uploadQuery(extra: Record<string, object> = {}) {
  return {
    type: 'object',
    required: ['filename'],
    properties: { filename: { type: 'string', minLength: 1, maxLength: 255, description: '文件名，其扩展名决定读法' }, ...extra },
  } as const;
}

/** The uploaded bytes; an empty or non-binary body is told how to send them (`what`: "文件内容"). */
export function uploadedBytes(body: unknown, what: string): Buffer {
  if (!Buffer.isBuffer(body) || body.length === 0) throw new ApiError('BAD_REQUEST', `请以 application/octet-stream 上传${what}。`);
  return body;
}
