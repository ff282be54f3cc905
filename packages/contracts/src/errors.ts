import { LIMITS } from './limits';
import { VISIT_LIMITS } from './visits';

/**
 * Stable machine codes in every error body. Clients branch on `code`, never on `message`.
 * The Chinese text is the default `message`; it lives here so the server and the app say the same.
 */
export const ERROR_MESSAGES = {
  VALIDATION_FAILED: '提交的内容有误，请检查后重试',
  MALFORMED_JSON: '请求内容不是有效的 JSON',
  JSON_TOO_COMPLEX: '请求内容的层级或条目过多',
  MALFORMED_MULTIPART: '上传的内容不完整或格式有误，请重新上传',
  REQUEST_HEADERS_TOO_LARGE: '请求头过大',
  REQUEST_TIMEOUT: '请求超时，请重试',
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
  MEMBERSHIP_SELF_REVIEW: '不能审核自己提交的房屋认证申请，请由其他管理员审核',
  IMPORT_INVALID_ROWS: '导入文件中有错误，未导入任何数据',
  IMPORT_UNREADABLE: '无法读取导入文件，请使用 CSV 或 XLSX 格式',
  QR_CODE_NOT_FOUND: '二维码不存在或已停用',
  QR_CODE_PLACE_MISMATCH: '该楼栋不属于这个小区',
  QR_CODE_REVOKED: '该二维码已停用',
  QR_CODE_NONE_ACTIVE: '该小区还没有在用的二维码',
  POSTER_UNAVAILABLE: '海报所需的中文字体缺失，暂时无法生成海报',
  TICKET_NOT_FOUND: '工单不存在',
  TICKET_INVALID_TRANSITION: '工单当前状态不能进行此操作，请刷新后查看',
  TICKET_ACTION_NOT_YOURS: '您不能对这张工单进行此操作',
  CATEGORY_NOT_FOUND: '问题类别不存在',
  CATEGORY_NOT_AVAILABLE: '该小区没有这个问题类别',
  TICKET_PLACE_MISMATCH: '楼栋或房屋不属于该小区',
  TICKET_DAILY_CAP: '今天提交的工单已达上限，如有紧急情况请直接致电物业',
  TICKET_QR_DAILY_CAP: '您今天已在这里提交过多次，请查看已有工单进度',
  IDEMPOTENCY_KEY_REUSED: '重复提交的内容与第一次不一致',
  ASSIGNEE_INVALID: '只能派给本单位的工作人员',
  DUPLICATE_INVALID: '只能合并到同一小区的另一张未关闭工单',
  TICKET_NOT_FOLLOWABLE: '匿名投诉不能关注，如有同样问题请单独提交',
  TICKET_FOLLOW_NOT_RESIDENT: '认证为本小区居民后才能关注工单',
  EXPORT_TOO_LARGE: `符合条件的工单超过 ${LIMITS.exportMaxRows} 条，请缩小时间范围或增加筛选条件后再导出`,
  BILLING_EXPORT_TOO_LARGE: `符合条件的记录超过 ${LIMITS.exportMaxRows} 条，请缩小账期或时间范围后再导出`,
  UPLOAD_UNSUPPORTED_TYPE: '只支持 JPG、PNG、WebP 图片',
  UPLOAD_UNREADABLE_IMAGE: '图片已损坏或无法识别，请重新选择',
  UPLOAD_NOT_FOUND: '图片不存在',
  UPLOAD_NOT_ATTACHABLE: '所选图片无法使用，请重新上传',
  FEE_ITEM_NOT_FOUND: '收费项目不存在',
  FEE_ITEM_NAME_TAKEN: '本小区已有同名收费项目',
  FEE_ITEM_LIMIT: '本小区的收费项目已达上限',
  FEE_ITEM_NOT_DUE: '所选收费项目在该账期不出账，请检查账期和收费周期',
  BILL_NOT_FOUND: '账单不存在',
  BILL_INVALID_TRANSITION: '账单当前状态不能进行此操作，请刷新后查看',
  PAYMENT_NOT_FOUND: '缴费记录不存在',
  PAYMENT_EXCEEDS_OWED: '缴费金额超过所选账单的欠费金额（暂不支持预存）',
  PAYMENT_BILLS_INVALID: '所选账单不属于该房屋或已不需缴费',
  PAYMENT_ALREADY_REVERSED: '该缴费已冲正',
  PAYMENT_NOT_REVERSIBLE: '微信支付的缴费不能冲正，请使用退款',
  PAYMENT_NOT_REFUNDABLE: '只有微信支付的缴费可以原路退款，线下缴费请冲正',
  REFUND_EXCEEDS_PAID: '退款金额超过该笔缴费可退的金额',
  WECHATPAY_DISABLED: '本小区暂未开通微信支付，请到物业服务中心缴费',
  WECHATPAY_UNAVAILABLE: '微信支付暂时无法连接，请稍后再试',
  WECHAT_OPENID_REQUIRED: '请在微信小程序中支付',
  WECHAT_ORDER_NOT_FOUND: '支付订单不存在',
  BILL_PAYMENT_IN_PROGRESS: '家人正在支付所选账单，请稍后刷新查看',
  PARTIAL_PAYMENT_NOT_ALLOWED: '本小区的账单需全额缴纳',
  PAYMENT_AMOUNT_INVALID: '支付金额需大于 0 且不超过所选账单的欠费',
  RECONCILIATION_NOT_FOUND: '对账记录不存在',
  RECONCILIATION_DATE_INVALID: '只能对今天以前、三个月以内的账单日期对账',
  RECONCILIATION_RUNNING: '该日期正在对账，请稍后刷新查看',
  WECHAT_BILL_REJECTED: '微信账单未通过校验，已拒绝使用',
  VISIT_NOT_FOUND: '走访记录不存在',
  VISIT_PLACE_INVALID: '请选择一户，或选择小区并填写公共场所名称（二选一）',
  VISIT_HOUSEHOLD_OUT_OF_SCOPE: '该户不在您负责的网格内',
  VISIT_PLACE_OUT_OF_SCOPE: '该小区不在您负责的网格内',
  VISIT_TIME_IN_FUTURE: '走访时间晚于当前时间，请检查手机的日期和时间',
  VISIT_TIME_TOO_OLD: `走访时间早于 ${VISIT_LIMITS.ageMaxDays} 天前，无法再同步，请重新登记`,
  VISIT_REQUEST_INVALID: '居民诉求只能在入户见面的走访中登记',
  VISIT_FOLLOW_UP_INVALID: '回访须为入户见面的"回访"类型走访，且工单属于该户',
  SCORE_LIST_NOT_FOUND: '榜单不存在',
  SCORE_MONTH_NOT_FINISHED: '只能发布已经结束的月份',
  SCORE_REPUBLISH_REASON_REQUIRED: '该月已发布过榜单，重新发布须写明原因',
  SCORE_SCHEME_INVALID: '评分方案不合理：星级和等级的分数线须依次排列，权重不能全为零',
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
