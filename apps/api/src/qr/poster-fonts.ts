import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import { DomainError } from '../common/errors/domain-error';

export type PosterWeight = 'regular' | 'bold';

export interface PosterFont {
  /** The font file, for the PDF writer to embed (it subsets it per document). */
  data: Buffer;
  /** The parsed font, for measuring text and outlining it in SVG/PNG. */
  font: fontkit.Font;
}

export type PosterFonts = Record<PosterWeight, PosterFont>;

/**
 * Noto Sans CJK SC (as "Noto Sans Hans", OFL) from the @embedpdf/fonts-sc npm package: the full
 * Simplified Chinese set (~30 000 glyphs, so rare characters in a compound's name print too) as OTF,
 * which both fontkit and the PDF writer read. It installs with the other dependencies, so a bare machine
 * needs no system font.
 */
export function bundledFontFiles(): Record<PosterWeight, string> {
  let dir: string;
  try {
    dir = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
  } catch {
    // Not installed (a hand-pruned deployment): posterFonts() then reports the files as missing.
    dir = join(__dirname, 'missing-@embedpdf-fonts-sc');
  }
  return { regular: join(dir, 'NotoSansHans-Regular.otf'), bold: join(dir, 'NotoSansHans-Bold.otf') };
}

const loaded = new Map<string, PosterFonts>();

/**
 * Reads and parses the poster fonts once per process (about 17 MB). Without them a poster would print
 * empty boxes instead of Chinese, so their absence is a 503 naming the problem, never a poster.
 */
export function posterFonts(files: Record<PosterWeight, string> = bundledFontFiles()): PosterFonts {
  const key = `${files.regular}\n${files.bold}`;
  const cached = loaded.get(key);
  if (cached) return cached;
  const missing = Object.values(files).filter((file) => !existsSync(file));
  if (missing.length) throw new DomainError('POSTER_UNAVAILABLE', 503, { missingFonts: missing });
  const open = (file: string): PosterFont => {
    const data = readFileSync(file);
    const font = fontkit.create(data);
    if (!('layout' in font)) throw new DomainError('POSTER_UNAVAILABLE', 503, { unreadableFont: file });
    return { data, font };
  };
  const fonts = { regular: open(files.regular), bold: open(files.bold) };
  loaded.set(key, fonts);
  return fonts;
}
