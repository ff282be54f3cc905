/** Bounds shared by server validation and client forms. */
export const LIMITS = {
  pageSizeDefault: 20,
  pageSizeMax: 100,
  nameMax: 64,
  addressMax: 200,
  noteMax: 500,
  roomMax: 16,
  unitMax: 16,
  /** Hundredths of m²: 0.01 m² … 10 000 m². */
  areaHundredthsMax: 1_000_000,
  importMaxRows: 5000,
  importMaxBytes: 5 * 1024 * 1024,
  /** One photo as uploaded; the server re-encodes it to at most 2048 px on the long side. */
  photoMaxBytes: 8 * 1024 * 1024,
  /** Photos on one ticket stage (the report, or the handler's after-photos). */
  photosPerTicketMax: 6,
  /** Uploads per person per Asia/Shanghai calendar day. */
  uploadsPerUserDay: 60,
  jsonBodyMaxBytes: 1024 * 1024,
  ticketDescriptionMax: 1000,
  ticketCommentMax: 500,
  /** A report may be followed ("me too") or appear as similar for this long. */
  similarTicketDays: 30,
  /** Rows in one 工单查询 XLSX export; narrow the search for more. */
  exportMaxRows: 10_000,
  /** Free-text search (工单查询, 住户): at least this many characters, at most searchMax. */
  searchMin: 1,
  searchMax: 40,
  /** Reasons given for a refusal (退单, 驳回, reject a claim). */
  reasonMin: 2,
  reasonMax: 200,
  /** A category's deadlines: accept within 1 minute … 1 day; resolve within 1 hour … 30 days. */
  acceptMinutesMax: 24 * 60,
  resolveHoursMax: 24 * 30,
} as const;
