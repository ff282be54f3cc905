import { normalizeQrToken } from '@doorstep/contracts';

/** Decodes a value that may arrive URL-encoded once or twice (query.q, query.scene). */
function decodeFully(value: string): string {
  let current = value;
  for (let i = 0; i < 3 && current.includes('%'); i++) {
    try {
      const next = decodeURIComponent(current);
      if (next === current) break;
      current = next;
    } catch {
      break;
    }
  }
  return current;
}

/** The QR token in a scanned text: the printed URL (`…#/pages/index/index?qr=<token>`) or the token itself. */
export function qrTokenFromText(text: string | undefined | null): string | null {
  if (!text) return null;
  const decoded = decodeFully(text.trim());
  const inUrl = /[?&#]qr=([^&#\s]+)/.exec(decoded);
  if (inUrl) return normalizeQrToken(inUrl[1]);
  const scene = /(?:^|[?&])scene=([^&#\s]+)/.exec(decoded);
  if (scene) return qrTokenFromText(scene[1]);
  return normalizeQrToken(decoded);
}

/**
 * The QR token a page was opened with, whichever way the code was scanned:
 * - `qr`: the printed URL opened in a browser (H5), or passed on by our own navigation;
 * - `scene`: a mini-program code (decodeURIComponent(query.scene));
 * - `q`: an ordinary-link QR code opened in WeChat (the whole URL, URL-encoded).
 */
export function qrTokenFromLaunch(params: Partial<Record<string, string | undefined>>): string | null {
  return qrTokenFromText(params.qr) ?? qrTokenFromText(params.scene) ?? qrTokenFromText(params.q);
}

/** Stands for a scanned code that cannot be a token: the report page says what to do instead. */
export const INVALID_TOKEN = 'invalid';

/** The page was opened from a code (whether or not it holds a valid token). */
export function hasCodeParam(params: Partial<Record<string, string | undefined>>): boolean {
  return Boolean(params.qr || params.scene || params.q);
}
