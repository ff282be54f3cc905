/**
 * Stable machine codes in every error body. Clients branch on `code`, never on `message`.
 * The Chinese text is the default `message`; it lives here so the server and the app say the same.
 */
export const ERROR_MESSAGES = {
  VALIDATION_FAILED: '提交的内容有误，请检查后重试',
  MALFORMED_JSON: '请求内容不是有效的 JSON',
  UNSUPPORTED_MEDIA_TYPE: '不支持的内容类型',
  PAYLOAD_TOO_LARGE: '提交的内容过大',
  BAD_REQUEST: '请求有误',
  UNAUTHENTICATED: '请先登录',
  TOKEN_EXPIRED: '登录已过期，请重新登录',
  REFRESH_TOKEN_INVALID: '登录已失效，请重新登录',
  FORBIDDEN: '没有权限进行此操作',
  NOT_FOUND: '请求的内容不存在',
  ROUTE_NOT_FOUND: '接口不存在',
  VERSION_CONFLICT: '内容已被他人修改，请刷新后重试',
  ALREADY_EXISTS: '内容已存在',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  DEMO_LOGIN_DISABLED: '演示登录未开启',
  WECHAT_CODE_INVALID: '微信登录凭证无效，请重新进入小程序',
  WECHAT_RATE_LIMITED: '微信登录过于频繁，请稍后再试',
  WECHAT_UNAVAILABLE: '微信服务暂时不可用，请稍后再试',
  WECHAT_NOT_CONFIGURED: '未配置微信小程序登录',
  STREET_NOT_FOUND: '街道不存在',
  COMMUNITY_NOT_FOUND: '社区不存在',
  GRID_NOT_FOUND: '网格不存在',
  COMPANY_NOT_FOUND: '物业公司不存在',
  COMPOUND_NOT_FOUND: '小区不存在',
  BUILDING_NOT_FOUND: '楼栋不存在',
  HOUSEHOLD_NOT_FOUND: '房屋不存在',
  USER_NOT_FOUND: '用户不存在',
  ROLE_ASSIGNMENT_NOT_FOUND: '角色授权不存在',
  MEMBERSHIP_NOT_FOUND: '房屋认证申请不存在',
  COMPOUND_COMPANY_MISMATCH: '小区的管理模式与物业公司不一致',
  GRID_COMMUNITY_MISMATCH: '网格不属于该小区所在社区',
  ROLE_SCOPE_INVALID: '该角色不能授权在这一范围',
  MEMBERSHIP_NOT_PENDING: '该申请已处理',
  IMPORT_INVALID_ROWS: '导入文件中有错误，未导入任何数据',
  IMPORT_UNREADABLE: '无法读取导入文件，请使用 CSV 或 XLSX 格式',
  INTERNAL_ERROR: '服务器开小差了，请稍后再试',
  SERVICE_UNAVAILABLE: '服务暂时不可用，请稍后再试',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface FieldError {
  /** Dotted path of the offending field, e.g. `area` or `rows.3.phone`. */
  field: string;
  /** What is wrong with it, one entry per failed rule. */
  problems: string[];
}

export interface ImportRowError {
  /** 1-based row number as the spreadsheet shows it (the header is row 1). */
  row: number;
  column: string;
  message: string;
}

/** The one shape of every error the API returns. */
export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  /** Field errors, import row errors, or the current state on a conflict. */
  details?: unknown;
  /** Correlates with the server log line; always present on 5xx. */
  requestId?: string;
}

export function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorBody).statusCode === 'number' &&
    typeof (value as ErrorBody).code === 'string'
  );
}
