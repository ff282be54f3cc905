import type * as T from './api';
import type * as B from './billing-extras';
import type * as P from './payments';
import type * as Q from './qr';
import type * as V from './visits';
import type * as F from './visit-figures';
import type * as M from './figures';
import type * as S from './scores';
import type * as K from './tickets-api';
import type { TicketStatusGroup } from './tickets';

export const API_PREFIX = '/api/v1';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * One endpoint: method, path template (`:id` params) and, as phantom types, what it takes and returns.
 * The mini-program's service functions are built from these, so a path or type cannot drift.
 */
export interface Endpoint<Params, Body, Query, Res> {
  method: HttpMethod;
  path: string;
  /** Creates a phone may retry carry an Idempotency-Key. */
  idempotent?: boolean;
  readonly _types?: { params: Params; body: Body; query: Query; res: Res };
}

function ep<Params = void, Body = void, Query = void, Res = void>(
  method: HttpMethod,
  path: string,
  idempotent = false,
): Endpoint<Params, Body, Query, Res> {
  return { method, path, idempotent };
}

type Id = { id: number };
/** Part of the name (LIMITS.searchMin…searchMax characters). */
type NameSearch = { q?: string };

export const ENDPOINTS = {
  health: ep<void, void, void, T.HealthView>('GET', '/health'),

  demoUsers: ep<void, void, void, T.DemoUserView[]>('GET', '/auth/demo-users'),
  demoSignIn: ep<void, T.DemoSignInRequest, void, T.TokenPair>('POST', '/auth/demo'),
  wechatSignIn: ep<void, T.WechatSignInRequest, void, T.TokenPair>('POST', '/auth/wechat'),
  refresh: ep<void, T.RefreshRequest, void, T.TokenPair>('POST', '/auth/refresh'),
  signOut: ep<void, void, void, void>('POST', '/auth/logout'),
  me: ep<void, void, void, T.MeView>('GET', '/me'),

  listStreets: ep<void, void, T.PageQuery & NameSearch, T.Page<T.StreetView>>('GET', '/streets'),
  getStreet: ep<Id, void, void, T.StreetView>('GET', '/streets/:id'),
  createStreet: ep<void, T.CreateStreetRequest, void, T.StreetView>('POST', '/streets'),
  updateStreet: ep<Id, T.UpdateStreetRequest, void, T.StreetView>('PATCH', '/streets/:id'),
  listCommunities: ep<void, void, T.PageQuery & NameSearch & { streetId?: number }, T.Page<T.CommunityView>>(
    'GET',
    '/communities',
  ),
  getCommunity: ep<Id, void, void, T.CommunityView>('GET', '/communities/:id'),
  createCommunity: ep<void, T.CreateCommunityRequest, void, T.CommunityView>('POST', '/communities'),
  updateCommunity: ep<Id, T.UpdateCommunityRequest, void, T.CommunityView>('PATCH', '/communities/:id'),
  listGrids: ep<void, void, T.PageQuery & NameSearch & { communityId?: number }, T.Page<T.GridView>>('GET', '/grids'),
  getGrid: ep<Id, void, void, T.GridView>('GET', '/grids/:id'),
  createGrid: ep<void, T.CreateGridRequest, void, T.GridView>('POST', '/grids'),
  updateGrid: ep<Id, T.UpdateGridRequest, void, T.GridView>('PATCH', '/grids/:id'),
  listCompanies: ep<void, void, T.PageQuery & NameSearch, T.Page<T.CompanyView>>('GET', '/companies'),
  getCompany: ep<Id, void, void, T.CompanyView>('GET', '/companies/:id'),
  createCompany: ep<void, T.CreateCompanyRequest, void, T.CompanyView>('POST', '/companies'),
  updateCompany: ep<Id, T.UpdateCompanyRequest, void, T.CompanyView>('PATCH', '/companies/:id'),
  listCompounds: ep<void, void, T.PageQuery & NameSearch & { communityId?: number; companyId?: number }, T.Page<T.CompoundView>>(
    'GET',
    '/compounds',
  ),
  getCompound: ep<Id, void, void, T.CompoundView>('GET', '/compounds/:id'),
  createCompound: ep<void, T.CreateCompoundRequest, void, T.CompoundView>('POST', '/compounds'),
  updateCompound: ep<Id, T.UpdateCompoundRequest, void, T.CompoundView>('PATCH', '/compounds/:id'),
  listBuildings: ep<void, void, T.PageQuery & NameSearch & { compoundId: number }, T.Page<T.BuildingView>>('GET', '/buildings'),
  getBuilding: ep<Id, void, void, T.BuildingView>('GET', '/buildings/:id'),
  createBuilding: ep<void, T.CreateBuildingRequest, void, T.BuildingView>('POST', '/buildings'),
  updateBuilding: ep<Id, T.UpdateBuildingRequest, void, T.BuildingView>('PATCH', '/buildings/:id'),
  householdOptions: ep<Id, void, void, T.HouseholdOption[]>('GET', '/buildings/:id/household-options'),

  listHouseholds: ep<
    void,
    void,
    T.PageQuery & { compoundId?: number; buildingId?: number; gridId?: number; q?: string },
    T.Page<T.HouseholdView>
  >('GET', '/households'),
  getHousehold: ep<Id, void, void, T.HouseholdView>('GET', '/households/:id'),
  createHousehold: ep<void, T.CreateHouseholdRequest, void, T.HouseholdView>('POST', '/households'),
  updateHousehold: ep<Id, T.UpdateHouseholdRequest, void, T.HouseholdView>('PATCH', '/households/:id'),
  /** multipart/form-data with one `file`; `dryRun=true` checks every row and writes nothing. */
  importHouseholds: ep<Id, FormData, { dryRun?: boolean }, T.HouseholdImportResult>('POST', '/compounds/:id/households/import'),

  claimHousehold: ep<void, T.ClaimHouseholdRequest, void, T.MembershipView>('POST', '/memberships', true),
  myMemberships: ep<void, void, void, T.MembershipView[]>('GET', '/me/memberships'),
  listMemberships: ep<void, void, T.PageQuery & { compoundId: number; status?: string }, T.Page<T.MembershipView>>(
    'GET',
    '/memberships',
  ),
  verifyMembership: ep<Id, T.ReviewMembershipRequest, void, T.MembershipView>('POST', '/memberships/:id/verify'),
  rejectMembership: ep<Id, T.ReviewMembershipRequest, void, T.MembershipView>('POST', '/memberships/:id/reject'),

  resolveQr: ep<{ token: string }, void, void, Q.QrScanView>('GET', '/qr-codes/resolve/:token'),
  listQrCodes: ep<void, void, Q.ListQrCodesQuery, T.Page<Q.QrCodeView>>('GET', '/qr-codes'),
  createQrCode: ep<void, Q.CreateQrCodeRequest, void, Q.QrCodeView>('POST', '/qr-codes'),
  revokeQrCode: ep<Id, Q.RevokeQrCodeRequest, void, Q.QrCodeView>('POST', '/qr-codes/:id/revoke'),
  qrPosterPng: ep<Id, void, void, ArrayBuffer>('GET', '/qr-codes/:id/poster.png'),
  qrPosterSvg: ep<Id, void, void, string>('GET', '/qr-codes/:id/poster.svg'),
  qrPosterPdf: ep<Id, void, void, ArrayBuffer>('GET', '/qr-codes/:id/poster.pdf'),
  /** Every code of the compound in use, one poster a page. */
  compoundPosters: ep<Id, void, void, ArrayBuffer>('GET', '/compounds/:id/qr-posters.pdf'),

  categories: ep<Id, void, void, K.CategoryView[]>('GET', '/compounds/:id/categories'),
  categorySettings: ep<Id, void, void, K.CategorySettingView[]>('GET', '/compounds/:id/category-settings'),
  setCategorySetting: ep<Id & { categoryId: number }, K.CategorySettingRequest, void, K.CategorySettingView>(
    'PUT',
    '/compounds/:id/category-settings/:categoryId',
  ),
  createCategory: ep<void, K.CreateCategoryRequest, void, K.CategoryView>('POST', '/categories'),
  updateCategory: ep<Id, K.UpdateCategoryRequest, void, K.CategoryView>('PATCH', '/categories/:id'),
  board: ep<Id, void, void, K.BoardView>('GET', '/compounds/:id/board'),
  upload: ep<void, void, void, T.UploadView>('POST', '/uploads', true),
  getUpload: ep<Id, void, void, T.UploadView>('GET', '/uploads/:id'),
  uploadFile: ep<Id, void, void, ArrayBuffer>('GET', '/uploads/:id/file'),
  uploadThumb: ep<Id, void, void, ArrayBuffer>('GET', '/uploads/:id/thumb'),

  createTicket: ep<void, K.CreateTicketRequest, void, K.TicketView>('POST', '/tickets', true),
  similarTickets: ep<void, void, { compoundId: number; categoryId: number; buildingId?: number }, K.SimilarTicketView[]>(
    'GET',
    '/tickets/similar',
  ),
  myTickets: ep<void, void, T.PageQuery & { status?: string; group?: TicketStatusGroup }, T.Page<K.TicketView>>(
    'GET',
    '/tickets/mine',
  ),
  /** 我关注的: tickets the caller follows (我也遇到, or a duplicate of theirs was merged into it). */
  followingTickets: ep<void, void, T.PageQuery & { group?: TicketStatusGroup }, T.Page<K.TicketView>>(
    'GET',
    '/tickets/following',
  ),
  inbox: ep<void, void, T.PageQuery & K.InboxFilters, T.Page<K.TicketView>>('GET', '/tickets/inbox'),
  tasks: ep<void, void, T.PageQuery & K.TasksFilters, T.Page<K.TicketView>>('GET', '/tickets/tasks'),
  supervision: ep<void, void, T.PageQuery & K.InboxFilters, T.Page<K.TicketView>>('GET', '/tickets/supervision'),
  /** 工单查询: one compound's tickets, closed ones included, newest first. */
  searchTickets: ep<void, void, T.PageQuery & K.TicketSearchQuery, T.Page<K.TicketView>>('GET', '/tickets'),
  /** The same search as an XLSX workbook (at most LIMITS.exportMaxRows rows). */
  exportTickets: ep<void, void, K.TicketSearchQuery, ArrayBuffer>('GET', '/tickets/export.xlsx'),
  ticket: ep<Id, void, void, K.TicketView>('GET', '/tickets/:id'),
  /** Likely duplicates to merge into: same compound and category, same building when known, recent. */
  duplicateCandidates: ep<Id, void, void, K.TicketView[]>('GET', '/tickets/:id/duplicate-candidates'),
  ticketEvents: ep<Id, void, void, K.TicketEventView[]>('GET', '/tickets/:id/events'),
  comment: ep<Id, K.CommentRequest, void, K.TicketEventView>('POST', '/tickets/:id/comments'),
  follow: ep<Id, void, void, K.TicketView>('POST', '/tickets/:id/follow'),
  urge: ep<Id, { note: string }, void, K.TicketView>('POST', '/tickets/:id/urge'),
  accept: ep<Id, K.TransitionRequest, void, K.TicketView>('POST', '/tickets/:id/accept'),
  reject: ep<Id, K.RejectRequest, void, K.TicketView>('POST', '/tickets/:id/reject'),
  assign: ep<Id, K.AssignRequest, void, K.TicketView>('POST', '/tickets/:id/assign'),
  transfer: ep<Id, K.AssignRequest, void, K.TicketView>('POST', '/tickets/:id/transfer'),
  divert: ep<Id, K.TransitionRequest, void, K.TicketView>('POST', '/tickets/:id/divert'),
  start: ep<Id, K.TransitionRequest, void, K.TicketView>('POST', '/tickets/:id/start'),
  pause: ep<Id, K.PauseRequest, void, K.TicketView>('POST', '/tickets/:id/pause'),
  resume: ep<Id, K.TransitionRequest, void, K.TicketView>('POST', '/tickets/:id/resume'),
  resolve: ep<Id, K.ResolveRequest, void, K.TicketView>('POST', '/tickets/:id/resolve'),
  cancel: ep<Id, K.TransitionRequest, void, K.TicketView>('POST', '/tickets/:id/cancel'),
  rate: ep<Id, K.RateRequest, void, K.TicketView>('POST', '/tickets/:id/rate'),
  reopen: ep<Id, K.TransitionRequest, void, K.TicketView>('POST', '/tickets/:id/reopen'),
  appeal: ep<Id, K.TransitionRequest, void, K.TicketView>('POST', '/tickets/:id/appeal'),
  uphold: ep<Id, K.TransitionRequest, void, K.TicketView>('POST', '/tickets/:id/uphold'),
  reassign: ep<Id, K.TransitionRequest & { handlerType: 'company' | 'community' }, void, K.TicketView>(
    'POST',
    '/tickets/:id/reassign',
  ),
  merge: ep<Id, K.DuplicateRequest, void, K.TicketView>('POST', '/tickets/:id/merge'),
  /** 退单: the assignee gives the ticket back to the handler with a reason. */
  handBack: ep<Id, K.HandBackRequest, void, K.TicketView>('POST', '/tickets/:id/hand-back'),
  followUp: ep<Id, K.FollowUpRequest, void, K.TicketView>('POST', '/tickets/:id/follow-up'),

  notifications: ep<void, void, T.PageQuery, T.Page<K.NotificationView> & { unread: number }>('GET', '/notifications'),
  /** Polled while a page is visible; send the last ETag as If-None-Match (304 when unchanged). */
  badges: ep<void, void, void, K.BadgesView>('GET', '/me/badges'),
  readNotification: ep<Id, void, void, K.NotificationView>('POST', '/notifications/:id/read'),
  readAllNotifications: ep<void, void, void, void>('POST', '/notifications/read-all'),
  wechatTemplates: ep<void, void, void, K.WechatTemplatesView>('GET', '/notifications/wechat-templates'),
  wechatConsents: ep<void, { kinds: K.NotificationKind[] }, void, Record<string, number>>('POST', '/me/wechat-consents'),
  feeItems: ep<Id, void, void, P.FeeItemView[]>('GET', '/compounds/:id/fee-items'),
  createFeeItem: ep<void, P.CreateFeeItemRequest, void, P.FeeItemView>('POST', '/fee-items', true),
  updateFeeItem: ep<Id, P.UpdateFeeItemRequest, void, P.FeeItemView>('PATCH', '/fee-items/:id'),
  /** `dryRun: true` previews; without it creates the bills. Rerunning creates nothing new. */
  billingRun: ep<Id, P.BillingRunRequest, void, P.BillingRunView>('POST', '/compounds/:id/billing-runs'),
  listBills: ep<void, void, P.ListBillsQuery, T.Page<P.BillView>>('GET', '/bills'),
  myBills: ep<void, void, P.MyBillsQuery, T.Page<P.BillView>>('GET', '/me/bills'),
  waiveBill: ep<Id, P.BillActionRequest, void, P.BillView>('POST', '/bills/:id/waive'),
  cancelBill: ep<Id, P.BillActionRequest, void, P.BillView>('POST', '/bills/:id/cancel'),
  arrears: ep<Id, void, void, P.ArrearsView>('GET', '/compounds/:id/arrears'),
  arrearsHouseholds: ep<Id, void, P.ArrearsHouseholdsQuery, T.Page<P.HouseholdArrearsView>>(
    'GET',
    '/compounds/:id/arrears/households',
  ),
  collectionRate: ep<Id, void, { period: string }, P.CollectionRateView>('GET', '/compounds/:id/collection-rate'),
  /** 催缴: once per bill and round; `dryRun: true` only counts. */
  billReminders: ep<Id, B.BillReminderRequest, void, B.BillReminderView>('POST', '/compounds/:id/bill-reminders'),
  /** XLSX exports of a compound (at most LIMITS.exportMaxRows rows each). */
  exportBills: ep<Id, void, B.BillsExportQuery, ArrayBuffer>('GET', '/compounds/:id/bills.xlsx'),
  exportPayments: ep<Id, void, B.PaymentsExportQuery, ArrayBuffer>('GET', '/compounds/:id/payments.xlsx'),
  exportArrears: ep<Id, void, void, ArrayBuffer>('GET', '/compounds/:id/arrears.xlsx'),
  /** 线下收款: cash, bank or POS for one household; allocated to its open bills. Idempotency-Key. */
  recordPayment: ep<void, P.RecordPaymentRequest, void, P.PaymentView>('POST', '/payments', true),
  listPayments: ep<void, void, P.ListPaymentsQuery, T.Page<P.PaymentView>>('GET', '/payments'),
  wechatPayStatus: ep<void, void, P.WechatPayStatusQuery, P.WechatPayStatusView>('GET', '/payments/wechat/status'),
  getBillingSettings: ep<Id, void, void, P.BillingSettingsView>('GET', '/compounds/:id/billing-settings'),
  updateBillingSettings: ep<Id, P.UpdateBillingSettingsRequest, void, P.BillingSettingsView>(
    'PATCH',
    '/compounds/:id/billing-settings',
  ),
  /** 微信支付: an order for open bills; the server computes the amount. Idempotency-Key. */
  createWechatOrder: ep<void, P.CreateWechatOrderRequest, void, P.WechatOrderView>('POST', '/payments/wechat/orders', true),
  /** The NATIVE order's code as a PNG (the payer's, while open). */
  wechatOrderCode: ep<Id, void, void, ArrayBuffer>('GET', '/payments/wechat/orders/:id/code.png'),
  getWechatOrder: ep<Id, void, void, P.WechatOrderView>('GET', '/payments/wechat/orders/:id'),
  /** The app's "paid" callback: asks WeChat and records the payment if it is there (once, whoever is first). */
  syncWechatOrder: ep<Id, void, void, P.WechatOrderView>('POST', '/payments/wechat/orders/:id/sync'),
  /** 退款 of a WeChat payment, whole or part. Idempotency-Key. */
  refundPayment: ep<Id, P.RefundPaymentRequest, void, P.PaymentView>('POST', '/payments/:id/refund', true),
  /** 对账 of one Shanghai day against WeChat's 交易账单; a rerun replaces the day's result. */
  reconciliationRun: ep<void, P.ReconciliationRunRequest, void, P.ReconciliationRunView>(
    'POST',
    '/payments/wechat/reconciliations',
  ),
  reconciliationList: ep<void, void, P.ReconciliationListQuery, T.Page<P.ReconciliationView>>(
    'GET',
    '/payments/wechat/reconciliations',
  ),
  /** One day's mismatches: the compound's, or all of them for the platform admin. */
  reconciliationGet: ep<Id, void, P.ReconciliationScopeQuery, P.ReconciliationDetailView>(
    'GET',
    '/payments/wechat/reconciliations/:id',
  ),
  /** The same mismatches as XLSX (at most LIMITS.exportMaxRows). */
  reconciliationExport: ep<Id, void, P.ReconciliationScopeQuery, ArrayBuffer>(
    'GET',
    '/payments/wechat/reconciliations/:id/mismatches.xlsx',
  ),
  getPayment: ep<Id, void, void, P.PaymentView>('GET', '/payments/:id'),
  /** 收据 PDF (A5); the same people as getPayment. */
  paymentReceiptPdf: ep<Id, void, void, ArrayBuffer>('GET', '/payments/:id/receipt.pdf'),
  /** 冲正: a counter-entry; twice is a 409. */
  reversePayment: ep<Id, P.ReversePaymentRequest, void, P.PaymentView>('POST', '/payments/:id/reverse'),
  myPayments: ep<void, void, P.MyPaymentsQuery, T.Page<P.PaymentView>>('GET', '/me/payments'),

  roleAssignments: ep<void, void, T.PageQuery & { scopeType: string; scopeId: number }, T.Page<T.RoleAssignmentView>>(
    'GET',
    '/role-assignments',
  ),
  createRoleAssignment: ep<void, T.CreateRoleAssignmentRequest, void, T.RoleAssignmentView>('POST', '/role-assignments'),
  /** A staff member who loses their last role in a company hands back their open tickets there. */
  deleteRoleAssignment: ep<Id, void, void, void>('DELETE', '/role-assignments/:id'),
  listUsers: ep<void, void, T.PageQuery & { phone?: string }, T.Page<T.UserView>>('GET', '/users'),
  getUser: ep<Id, void, void, T.UserView>('GET', '/users/:id'),
  createUser: ep<void, T.CreateUserRequest, void, T.UserView>('POST', '/users'),
  updateUser: ep<Id, T.UpdateUserRequest, void, T.UserView>('PATCH', '/users/:id'),
  /** 民情走访: a grid worker's visits, made offline and synced in order; each stored once by its clientId. */
  syncVisits: ep<void, V.SyncVisitsRequest, void, V.SyncVisitsView>('POST', '/visits/sync'),
  listVisits: ep<void, void, V.ListVisitsQuery, T.Page<V.VisitView>>('GET', '/visits'),
  /** The households of the caller's grids, with care tags (grid workers and the community only). */
  listGridHouseholds: ep<void, void, V.ListGridHouseholdsQuery, T.Page<V.GridHouseholdView>>('GET', '/grid/households'),
  getGridHousehold: ep<Id, void, void, V.GridHouseholdDetailView>('GET', '/grid/households/:id'),
  gridTodo: ep<void, void, void, V.GridTodoView>('GET', '/grid/todo'),
  getCareFrequency: ep<Id, void, void, V.CareFrequencyView>('GET', '/communities/:id/care-frequency'),
  updateCareFrequency: ep<Id, V.UpdateCareFrequencyRequest, void, V.CareFrequencyView>(
    'PATCH',
    '/communities/:id/care-frequency',
  ),
  /** Coverage of a grid's households in a month, per worker; household.care holders of the grid. */
  coverageOfGrid: ep<Id, void, F.CoverageQuery, F.CoverageGridView>('GET', '/grids/:id/coverage'),
  /** The community's grids side by side, with a total. */
  coverageOfCommunity: ep<Id, void, F.CoverageQuery, F.CoverageCommunityView>('GET', '/communities/:id/coverage'),
  /** 网格日志: one worker's day (the caller's unless the community asks for one of its workers). */
  gridLog: ep<void, void, F.GridLogQuery, F.GridLogDayView>('GET', '/grid/log'),
  /** The log as XLSX, one row per day (at most GRID_LOG_EXPORT_MAX_DAYS days). */
  gridLogExport: ep<void, void, F.GridLogExportQuery, ArrayBuffer>('GET', '/grid/log.xlsx'),

  /** 考核指标 of a street, community, company or compound for a month (ticket.read on it). */
  figures: ep<void, void, M.FiguresQuery, M.FiguresView>('GET', '/figures'),
  /** The tickets behind a figure (drill-down), newest first. */
  figureTickets: ep<void, void, M.FigureTicketsQuery, T.Page<M.FigureTicketRow>>('GET', '/figures/tickets'),
  /** The figures as XLSX: the subject, its children and handlers, the trend, and a 指标说明 sheet. */
  figuresXlsx: ep<void, void, M.FiguresQuery, ArrayBuffer>('GET', '/figures/export.xlsx'),
  /** The same rows as CSV (UTF-8 with BOM, so Excel reads the Chinese). */
  figuresCsv: ep<void, void, M.FiguresQuery, ArrayBuffer>('GET', '/figures/export.csv'),

  /** A street's scoring scheme (public: how places are decided is no secret). */
  getScoreScheme: ep<Id, void, void, S.ScoreSchemeView>('GET', '/streets/:id/score-scheme'),
  updateScoreScheme: ep<Id, S.UpdateScoreSchemeRequest, void, S.ScoreSchemeView>('PUT', '/streets/:id/score-scheme'),
  /** The month's scores as they stand (not frozen): the street's working view before it publishes. */
  streetScores: ep<Id, void, { month: string }, S.ScoreBoardView>('GET', '/streets/:id/scores'),
  /** The board as XLSX: the handlers' ranking, the compounds' grades, the scheme and 指标说明. */
  streetScoresXlsx: ep<Id, void, { month: string }, ArrayBuffer>('GET', '/streets/:id/scores.xlsx'),
  streetScoresCsv: ep<Id, void, { month: string }, ArrayBuffer>('GET', '/streets/:id/scores.csv'),
  /** Publish (freeze) the month's 红黑榜; again only with a reason, as a new version. */
  publishScoreList: ep<Id, S.PublishScoreListRequest, void, S.ScoreListView>('POST', '/streets/:id/score-lists', true),
  /** Published lists of a street, newest first (public). */
  listScoreLists: ep<Id, void, { month?: string }, S.ScoreListSummary[]>('GET', '/streets/:id/score-lists'),
  /** One published list (public): red, black, compound grades. */
  getScoreList: ep<Id, void, void, S.ScoreListView>('GET', '/score-lists/:id'),
  /** A company's own rows of the published lists of a month, with why it lost points. */
  companyScore: ep<Id, void, { month: string }, S.CompanyScoreView>('GET', '/companies/:id/score'),
  /** The latest published verdict on a compound's handler and its grade (public, for the board). */
  compoundRating: ep<Id, void, void, S.CompoundRatingView>('GET', '/compounds/:id/rating'),
} as const;

/** `/compounds/:id` + { id: 3 } → `/compounds/3`. */
export function buildPath(template: string, params?: Record<string, string | number>): string {
  return template.replace(/:([A-Za-z]+)/g, (_, key: string) => {
    const value = params?.[key];
    if (value === undefined) throw new Error(`missing path parameter ${key} for ${template}`);
    return encodeURIComponent(String(value));
  });
}

/** Query string from defined values only, stable order. */
export function buildQuery(query?: object): string {
  if (!query) return '';
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}
