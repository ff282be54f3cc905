import type { CategoryView } from './tickets-api';
import type { IsoTime, PageQuery } from './api';

/**
 * QR tokens fit a mini-program code's `scene` (≤ 32 characters of a restricted alphabet) and any URL
 * unescaped: 26 characters of lower-case Crockford base32 (130 random bits). One case only, because
 * MySQL's default collation ignores case and because a person may type the token printed on a poster.
 */
export const QR_TOKEN_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
export const QR_TOKEN_LENGTH = 26;
export const QR_TOKEN_PATTERN = /^[0-9a-hjkmnp-tv-z]{26}$/;

/** A token as typed from a poster (upper case, in groups) → the stored form; null if it cannot be one. */
export function normalizeQrToken(input: string): string | null {
  const token = input.replace(/[\s-]/g, '').toLowerCase();
  return QR_TOKEN_PATTERN.test(token) ? token : null;
}

/** A QR code of a compound, one of its buildings, or a named public spot (3号楼地下车库). */
export interface QrCodeView {
  id: number;
  token: string;
  compoundId: number;
  compoundName: string;
  buildingId: number | null;
  buildingName: string | null;
  spotName: string | null;
  /** Where in the compound, in words (3号楼 地下车库); null for a code of the whole compound. */
  placeLabel: string | null;
  /** What the printed code encodes: the app's report page with `qr=<token>`. */
  url: string;
  /** Set once the code is revoked; a revoked code resolves to nothing. */
  revokedAt: IsoTime | null;
  version: number;
  createdAt: IsoTime;
}

export interface CreateQrCodeRequest {
  compoundId: number;
  /** Must belong to the compound. */
  buildingId?: number;
  spotName?: string;
}

export interface ListQrCodesQuery extends PageQuery {
  compoundId: number;
  /** true: in use only; false: revoked only; absent: both. */
  active?: boolean;
}

export interface RevokeQrCodeRequest {
  version: number;
}

/**
 * What a scanned token opens: the place, ready to fill in a report. Public (no sign-in), so it carries
 * only facts printed on the poster anyway.
 */
export interface QrScanView {
  token: string;
  compound: { id: number; name: string; address: string | null };
  building: { id: number; name: string } | null;
  spotName: string | null;
  placeLabel: string | null;
  /** What can be reported here: the compound's categories. */
  categories: CategoryView[];
}
