import { Injectable } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { posterFonts, type PosterFonts } from './poster-fonts';
import { PAGE, posterLayout, type PosterContent, type PosterElement } from './poster-layout';
import { POSTER_TEXT } from './poster.text';

/** 150 dpi: an A4 poster of 1240 × 1754 px, sharp on a phone and good enough to print small. */
export const PNG_DPI = 150;
const PNG_SIZE = { width: Math.round((PAGE.width / 25.4) * PNG_DPI), height: Math.round((PAGE.height / 25.4) * PNG_DPI) };
const MM_TO_PT = 72 / 25.4;

/**
 * Draws posters laid out by posterLayout. The SVG carries its text as glyph outlines, so it looks the
 * same wherever it is opened (no font needed there) and the PNG is that SVG rasterised; the PDF embeds
 * a subset of the font and keeps its text as text, so it can be searched and copied.
 */
@Injectable()
export class PosterRenderer {
  svg(content: PosterContent): string {
    return this.svgDocument(content, { width: `${PAGE.width}mm`, height: `${PAGE.height}mm` });
  }

  async png(content: PosterContent): Promise<Buffer> {
    // Sized in pixels rather than by a density: the rasteriser's handling of mm and dpi is not stable.
    const svg = this.svgDocument(content, { width: String(PNG_SIZE.width), height: String(PNG_SIZE.height) });
    return sharp(Buffer.from(svg))
      .flatten({ background: '#ffffff' })
      .png({ palette: true, colours: 64, compressionLevel: 9 })
      .toBuffer();
  }

  private svgDocument(content: PosterContent, size: { width: string; height: string }): string {
    const fonts = posterFonts();
    const body = posterLayout(content, fonts)
      .map((e) => svgElement(e, fonts))
      .join('\n');
    const title = [content.compoundName, content.placeLabel, POSTER_TEXT.headline].filter(Boolean).join(' · ');
    return (
      `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}" viewBox="0 0 ${PAGE.width} ${PAGE.height}">\n` +
      `<title>${escapeXml(title)}</title>\n<rect width="${PAGE.width}" height="${PAGE.height}" fill="#ffffff"/>\n${body}\n</svg>\n`
    );
  }

  /** One poster per A4 page, in order. */
  async pdf(posters: PosterContent[], title: string): Promise<Buffer> {
    const fonts = posterFonts();
    const doc = new PDFDocument({
      autoFirstPage: false,
      margin: 0,
      info: { Title: title, Author: POSTER_TEXT.brand, Subject: POSTER_TEXT.headline },
    });
    const done = new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });
    doc.registerFont('regular', fonts.regular.data);
    doc.registerFont('bold', fonts.bold.data);
    for (const content of posters) {
      doc.addPage({ size: 'A4', margin: 0 });
      for (const element of posterLayout(content, fonts)) pdfElement(doc, element);
      // A compound's PDF can run to dozens of pages: let other requests in between them.
      await new Promise((next) => setImmediate(next));
    }
    doc.end();
    return done;
  }
}

function svgElement(e: PosterElement, fonts: PosterFonts): string {
  switch (e.kind) {
    case 'rect':
      return `<rect x="${e.x}" y="${e.y}" width="${e.width}" height="${e.height}" fill="${e.color}"/>`;
    case 'qr':
      return (
        `<g transform="translate(${round(e.x)} ${round(e.y)}) scale(${round(e.size / e.modules, 5)})" shape-rendering="crispEdges">` +
        `<rect width="${e.modules}" height="${e.modules}" fill="#ffffff"/>` +
        `<path fill="${e.color}" d="${e.runs.map(([row, col, length]) => `M${col} ${row}h${length}v1h-${length}z`).join('')}"/></g>`
      );
    case 'text':
      return `<path aria-label="${escapeXml(e.text)}" fill="${e.color}" d="${outline(e, fonts)}"/>`;
  }
}

/** The line's glyphs as one SVG path in page millimetres (font units are y-up, the page is y-down). */
function outline(e: Extract<PosterElement, { kind: 'text' }>, fonts: PosterFonts): string {
  const font = fonts[e.weight].font;
  const run = font.layout(e.text);
  const scale = e.size / font.unitsPerEm;
  let x = e.x;
  let d = '';
  run.glyphs.forEach((glyph, i) => {
    const position = run.positions[i];
    d += glyph.path
      .scale(scale, -scale)
      .translate(x + position.xOffset * scale, e.baseline - position.yOffset * scale)
      .toSVG();
    x += position.xAdvance * scale;
  });
  return d;
}

function pdfElement(doc: PDFKit.PDFDocument, e: PosterElement): void {
  switch (e.kind) {
    case 'rect':
      doc.rect(e.x * MM_TO_PT, e.y * MM_TO_PT, e.width * MM_TO_PT, e.height * MM_TO_PT).fill(e.color);
      return;
    case 'qr': {
      doc.save();
      doc.translate(e.x * MM_TO_PT, e.y * MM_TO_PT).scale((e.size / e.modules) * MM_TO_PT);
      doc.rect(0, 0, e.modules, e.modules).fill('#ffffff');
      for (const [row, col, length] of e.runs) doc.rect(col, row, length, 1);
      doc.fill(e.color);
      doc.restore();
      return;
    }
    case 'text':
      doc
        .font(e.weight)
        .fontSize(e.size * MM_TO_PT)
        .fillColor(e.color)
        .text(e.text, e.x * MM_TO_PT, e.baseline * MM_TO_PT, { baseline: 'alphabetic', lineBreak: false });
      return;
  }
}

const round = (n: number, digits = 3) => Number(n.toFixed(digits));

function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}
