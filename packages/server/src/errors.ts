/** Stable error codes of the API (docs/api.md) with their HTTP status. */
export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  LOGIN_FAILED: 401,
  CSRF: 403,
  FORBIDDEN: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND: 404,
  VERSION_CONFLICT: 409,
  INVALID_STATE: 409,
  DUPLICATE: 409,
  INVALID_PACKAGE: 422,
  HAS_ERRORS: 422,
  IMPORT_FAILED: 422,
  RATE_LIMITED: 429,
  RENDER_TIMEOUT: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** An error the client is meant to see: a stable code, a Chinese message, optional details. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what = '对象'): ApiError => new ApiError('NOT_FOUND', `未找到该${what}。`);
export const forbidden = (act: string): ApiError => new ApiError('FORBIDDEN', `您的角色无权${act}。`);
export const unauthenticated = (): ApiError => new ApiError('UNAUTHENTICATED', '请先登录。');
