import { randomBytes } from 'node:crypto';
import { QR_TOKEN_ALPHABET, QR_TOKEN_LENGTH } from '@doorstep/contracts';

/**
 * A fresh token: one random byte per character, keeping its low 5 bits. 256 is a multiple of the
 * 32-letter alphabet, so every letter is equally likely and 26 letters carry 130 random bits.
 */
export function newQrToken(): string {
  const bytes = randomBytes(QR_TOKEN_LENGTH);
  let token = '';
  for (const byte of bytes) token += QR_TOKEN_ALPHABET[byte & 31];
  return token;
}

/**
 * What a printed code encodes: the H5 app's home page with the token, which opens the report form
 * with the place filled in. WeChat hands the same link to the mini-program as `query.q`.
 */
export function qrReportUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}/#/pages/index/index?qr=${token}`;
}

/** The token as printed under the code: groups of four are easier to read out and type. */
export function printedToken(token: string): string {
  return token.toUpperCase().replace(/(.{4})(?=.)/g, '$1 ');
}
