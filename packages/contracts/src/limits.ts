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
  jsonBodyMaxBytes: 1024 * 1024,
} as const;
