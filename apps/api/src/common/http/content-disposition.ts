/** RFC 5987 ext-value: UTF-8, percent-encoded, with the characters encodeURIComponent leaves but attr-char forbids. */
const extValue = (text: string) =>
  `UTF-8''${encodeURIComponent(text).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;

/**
 * `Content-Disposition: attachment` for a download. A plain ASCII name goes as is; any other gets an
 * ASCII stand-in for old clients and the real name as `filename*` (RFC 6266 / 5987), which browsers and
 * WeChat's downloader prefer.
 */
export function attachment(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return ascii === filename
    ? `attachment; filename="${filename}"`
    : `attachment; filename="${ascii}"; filename*=${extValue(filename)}`;
}
