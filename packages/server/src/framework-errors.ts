/**
 * The framework's own refusals (a body that is not JSON, a content type no route takes, a malformed
 * address…) in the API's error shape and in Chinese, instead of Fastify's English messages.
 */
import type { ErrorCode } from './errors.js';

const MESSAGES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: '请求内容不是有效的 JSON。',
  FST_ERR_CTP_EMPTY_JSON_BODY: '请求声明为 JSON，但内容为空。',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: '不支持这种请求内容类型（Content-Type）：请发送 JSON，上传文件请用 application/octet-stream。',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: '请求头 Content-Length 与实际内容长度不符。',
  FST_ERR_CTP_BODY_TOO_LARGE: '上传的内容过大。',
  FST_ERR_BAD_URL: '请求地址无效（含有无法解码的字符）。',
  FST_ERR_ASYNC_CONSTRAINT: '请求无法路由。',
};

/** The API error for a framework refusal of bad input; one without a message of its own gets a general one. */
export function frameworkError(code: string | undefined): { code: ErrorCode; message: string } {
  return { code: 'BAD_REQUEST', message: (code ? MESSAGES[code] : undefined) ?? '请求无法处理，请检查请求的格式。' };
}
