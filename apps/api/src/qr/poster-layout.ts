import * as QRCode from 'qrcode';
import type { Font } from 'fontkit';
import type { PosterFonts, PosterWeight } from './poster-fonts';
import { POSTER_TEXT } from './poster.text';
import { printedToken } from './qr-token';

/** What one poster says. */
export interface PosterContent {
  compoundName: string;
  /** Building and/or spot; null for a code of the whole compound. */
  placeLabel: string | null;
  /** Who looks after the compound, with a phone number when there is one. */
  handlerLine: string | null;
  token: string;
  /** What the code encodes. */
  url: string;
}

/** A4 portrait; every length in the layout is in millimetres from the top left corner. */
export const PAGE = { width: 210, height: 297 } as const;

/** Horizontal runs of dark modules, in module units with the quiet zone included (row, column, length). */
export type QrRun = readonly [row: number, col: number, length: number];

export type PosterElement =
  | { kind: 'rect'; x: number; y: number; width: number; height: number; color: string }
  | { kind: 'text'; text: string; weight: PosterWeight; size: number; x: number; baseline: number; color: string }
  | { kind: 'qr'; x: number; y: number; size: number; modules: number; runs: QrRun[]; color: string };

/**
 * The poster as positioned shapes and lines of text, measured with the same font the renderers draw
 * with, so the SVG/PNG and the PDF come out alike. Renderers only draw; every decision is here.
 */
export function posterLayout(content: PosterContent, fonts: PosterFonts): PosterElement[] {
  const out: PosterElement[] = [];
  const text = (weight: PosterWeight, size: number, line: string, baseline: number, color: string) =>
    out.push({
      kind: 'text',
      text: line,
      weight,
      size,
      x: (PAGE.width - measure(fonts[weight].font, line, size)) / 2,
      baseline,
      color,
    });
  /** Centred lines, shrunk and wrapped to fit; returns the baseline of the last line. */
  const block = (weight: PosterWeight, spec: FitSpec, value: string, top: number, color: string): number => {
    const fitted = fitLines(fonts[weight].font, value, spec);
    let baseline = top + fitted.size * EM_TOP;
    fitted.lines.forEach((line, i) => {
      if (i > 0) baseline += fitted.size * LINE_HEIGHT;
      text(weight, fitted.size, line, baseline, color);
    });
    return baseline;
  };

  out.push({ kind: 'rect', x: 0, y: 0, width: PAGE.width, height: 44, color: COLORS.brand });
  block('regular', { size: 6, minSize: 4, maxWidth: 180, maxLines: 1 }, POSTER_TEXT.brand, 9, COLORS.onBrand);
  block('bold', { size: 11.5, minSize: 7, maxWidth: 186, maxLines: 1 }, POSTER_TEXT.headline, 21, COLORS.onBrand);

  const nameBottom = block('bold', { size: 15, minSize: 8, maxWidth: 184, maxLines: 2 }, content.compoundName, 56, COLORS.text);
  const placeBottom = block(
    'regular',
    { size: 9, minSize: 5.5, maxWidth: 184, maxLines: 2 },
    content.placeLabel ?? POSTER_TEXT.wholeCompound,
    nameBottom + 6,
    COLORS.brand,
  );

  // The code takes the height left above the fixed lines at the foot of the page, centred in it.
  const space = QR_BOTTOM_LIMIT - (placeBottom + 8);
  const qrSize = Math.min(QR_MAX_SIZE, space);
  const qrTop = placeBottom + 8 + (space - qrSize) / 2;
  out.push(qrElement(content.url, (PAGE.width - qrSize) / 2, qrTop, qrSize));
  text('regular', 4.2, `${POSTER_TEXT.tokenLabel} ${printedToken(content.token)}`, qrTop + qrSize + 4, COLORS.muted);

  block('regular', { size: 5, minSize: 3.5, maxWidth: 184, maxLines: 1 }, POSTER_TEXT.subline, 255, COLORS.secondary);
  if (content.handlerLine) {
    block('regular', { size: 4.6, minSize: 3.2, maxWidth: 184, maxLines: 1 }, content.handlerLine, 264, COLORS.text);
  }
  out.push({ kind: 'rect', x: 13, y: 279, width: PAGE.width - 26, height: 0.3, color: COLORS.rule });
  block('regular', { size: 3.6, minSize: 3, maxWidth: 184, maxLines: 1 }, POSTER_TEXT.footer, 282.5, COLORS.muted);
  return out;
}

const COLORS = {
  brand: '#1677ff',
  onBrand: '#ffffff',
  text: '#1f1f1f',
  secondary: '#595959',
  muted: '#8c8c8c',
  rule: '#e5e5e5',
  qr: '#000000',
} as const;

/** Top of the ideographic em box above the baseline, as a fraction of the font size (Noto Sans CJK). */
const EM_TOP = 0.88;
const LINE_HEIGHT = 1.25;
const QR_MAX_SIZE = 140;
/** The token line and the fixed lines below it need the rest of the page. */
const QR_BOTTOM_LIMIT = 243;
const QR_QUIET_ZONE = 4;

function qrElement(url: string, x: number, y: number, size: number): PosterElement {
  // Q keeps a quarter of the code recoverable: stairwell posters get dirty and torn.
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'Q' });
  const runs: QrRun[] = [];
  for (let row = 0; row < modules.size; row++) {
    let start = -1;
    for (let col = 0; col <= modules.size; col++) {
      const dark = col < modules.size && modules.get(row, col);
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        runs.push([row + QR_QUIET_ZONE, start + QR_QUIET_ZONE, col - start]);
        start = -1;
      }
    }
  }
  return { kind: 'qr', x, y, size, modules: modules.size + 2 * QR_QUIET_ZONE, runs, color: COLORS.qr };
}

/** Width of a line as drawn (with the font's kerning and substitutions). */
export function measure(font: Font, line: string, size: number): number {
  return (font.layout(line).advanceWidth * size) / font.unitsPerEm;
}

const advances = new WeakMap<Font, Map<string, number>>();

/**
 * Width as the sum of each character's advance, for trying many line breaks cheaply: CJK has no
 * kerning, and for Latin the difference is far below the margins left around each line.
 */
function roughWidth(font: Font, value: string, size: number): number {
  let known = advances.get(font);
  if (!known) advances.set(font, (known = new Map()));
  let units = 0;
  for (const char of value) {
    let advance = known.get(char);
    if (advance === undefined) known.set(char, (advance = font.layout(char).advanceWidth));
    units += advance;
  }
  return (units * size) / font.unitsPerEm;
}

interface FitSpec {
  size: number;
  minSize: number;
  maxWidth: number;
  maxLines: number;
}

/**
 * One line if shrinking to 70 % is enough, otherwise more lines of similar length, and at the
 * smallest size whatever does not fit ends in an ellipsis. Breaks fall between any two characters,
 * which suits Chinese names; spaces at a line start are dropped.
 */
export function fitLines(font: Font, value: string, spec: FitSpec): { lines: string[]; size: number } {
  const step = 0.5;
  for (let n = 1; n <= spec.maxLines; n++) {
    const floor = n === spec.maxLines ? spec.minSize : Math.max(spec.minSize, spec.size * 0.7);
    for (let size = spec.size; size >= floor - 1e-9; size -= step) {
      const balanced = Math.min(spec.maxWidth, roughWidth(font, value, size) / n + size);
      for (const width of [balanced, spec.maxWidth]) {
        const lines = wrap(font, value, size, width);
        if (lines.length <= n) return { lines, size };
      }
    }
  }
  const lines = wrap(font, value, spec.minSize, spec.maxWidth).slice(0, spec.maxLines);
  let last = lines[lines.length - 1];
  while (last.length > 0 && roughWidth(font, `${last}…`, spec.minSize) > spec.maxWidth)
    last = Array.from(last).slice(0, -1).join('');
  lines[lines.length - 1] = `${last}…`;
  return { lines, size: spec.minSize };
}

function wrap(font: Font, value: string, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = '';
  let width = 0;
  for (const char of Array.from(value.trim())) {
    if (line === '' && /\s/.test(char)) continue;
    const advance = roughWidth(font, char, size);
    if (line !== '' && width + advance > maxWidth) {
      lines.push(line.trimEnd());
      line = /\s/.test(char) ? '' : char;
      width = line ? advance : 0;
    } else {
      line += char;
      width += advance;
    }
  }
  if (line) lines.push(line.trimEnd());
  return lines.length ? lines : [''];
}
