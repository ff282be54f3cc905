import type { FastifyReply } from 'fastify';
import { attachment } from '../http/content-disposition';

/**
 * RFC 4180 quoting, and a leading apostrophe on text Excel would read as a formula (=, +, -, @, tab,
 * CR: CSV injection), since names come from whoever typed them.
 */
export function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A table as CSV: UTF-8 with a BOM so Excel opens the Chinese as such, CRLF line ends. */
export function csvTable(rows: Array<Array<string | number | null>>): Buffer {
  return Buffer.from(`\ufeff${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`, 'utf8');
}

/** The file as a download (see sendXlsx). */
export function sendCsv(reply: FastifyReply, filename: string, body: Buffer): Buffer {
  reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', attachment(filename))
    .header('cache-control', 'private, no-store');
  return body;
}
