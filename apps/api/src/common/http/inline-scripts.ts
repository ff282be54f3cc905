import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * CSP hashes ('sha256-…') of the inline scripts in the H5 index page (Taro's rem sizing snippet), so
 * the policy can stay `script-src 'self'` plus exactly those scripts.
 */
export function inlineScriptHashes(indexHtmlPath: string): string[] {
  const html = readFileSync(indexHtmlPath, 'utf8');
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
    hashes.push(`'sha256-${createHash('sha256').update(match[1], 'utf8').digest('base64')}'`);
  }
  return hashes;
}
