import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inflateSync } from 'node:zlib';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { DomainError } from '../common/errors/domain-error';
import { posterFonts } from './poster-fonts';
import { fitLines, measure, posterLayout, type PosterContent } from './poster-layout';
import { PNG_DPI, PosterRenderer } from './poster-renderer';
import { POSTER_TEXT } from './poster.text';
import { newQrToken, printedToken, qrReportUrl } from './qr-token';

/** Sample posters land here for a person to look at (like the H5 screenshots). */
const OUTPUT = resolve(__dirname, '../../../../test-output/qr');

const token = newQrToken();
const long = {
  compoundName: '和平街道幸福社区幸福里小区（二期）北区东侧业主委员会自管片区示范小区',
  placeLabel: '12号楼东侧地下二层非机动车停车库及电动自行车集中充电区域',
};
const sample: PosterContent = {
  compoundName: '幸福里小区',
  placeLabel: '3号楼 地下车库',
  handlerLine: POSTER_TEXT.handler('company', '安居物业服务有限公司', '010-88886666', '幸福社区'),
  token,
  url: qrReportUrl('https://doorstep.example.cn', token),
};

/** Every string a PDF's font ToUnicode maps hold: the characters it can show as text. */
function pdfCharacters(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  let chars = '';
  for (const match of raw.matchAll(/stream\r?\n/g)) {
    const start = match.index! + match[0].length;
    const end = raw.indexOf('endstream', start);
    let body: string;
    try {
      body = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    if (!body.includes('begincmap')) continue;
    // pdfkit writes one bfrange per 256 glyphs, mapping each to UTF-16BE: `<0000> <0058> [<5bb6> <95e8> …]`.
    for (const [, list] of body.matchAll(/\[([^\]]*)\]/g)) {
      for (const [, hex] of list.matchAll(/<([0-9a-f]+)>/gi)) {
        for (let i = 0; i < hex.length; i += 4) chars += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
      }
    }
  }
  return chars;
}

describe('QR posters', () => {
  const renderer = new PosterRenderer();

  beforeAll(() => mkdirSync(OUTPUT, { recursive: true }));

  it('has a glyph for every character it prints, so nothing comes out as a box', () => {
    const { regular, bold } = posterFonts();
    const texts = [
      POSTER_TEXT.brand,
      POSTER_TEXT.headline,
      POSTER_TEXT.subline,
      POSTER_TEXT.footer,
      sample.handlerLine!,
      '璟园 燚 犇 鑫 垚 㙟',
    ];
    for (const font of [regular.font, bold.font]) {
      for (const text of texts) {
        const missing = font
          .layout(text)
          .glyphs.filter((g) => g.id === 0)
          .map((g) => String.fromCodePoint(...g.codePoints));
        expect(missing).toEqual([]);
      }
    }
  });

  it('lays out every line inside the page margins, long names shrunk and wrapped', async () => {
    const fonts = posterFonts();
    const longContent = { ...sample, ...long };
    for (const content of [sample, longContent, { ...sample, placeLabel: null, handlerLine: null }]) {
      const elements = posterLayout(content, fonts);
      for (const e of elements) {
        if (e.kind !== 'text') continue;
        const width = measure(fonts[e.weight].font, e.text, e.size);
        expect(e.x).toBeGreaterThanOrEqual(10);
        expect(e.x + width).toBeLessThanOrEqual(200);
        expect(e.baseline).toBeLessThanOrEqual(292);
      }
      const qr = elements.find((e) => e.kind === 'qr')!;
      expect(qr.size).toBeGreaterThanOrEqual(90);
    }
    const names = posterLayout(longContent, fonts).filter((e) => e.kind === 'text' && e.weight === 'bold' && e.size < 11.5);
    expect(names.length).toBe(2);
    writeFileSync(join(OUTPUT, 'poster-long-names.png'), await renderer.png(longContent));
  });

  it('ends text that cannot fit even at the smallest size with an ellipsis', () => {
    const { font } = posterFonts().regular;
    const fitted = fitLines(font, '很'.repeat(200), { size: 10, minSize: 8, maxWidth: 100, maxLines: 2 });
    expect(fitted.size).toBe(8);
    expect(fitted.lines).toHaveLength(2);
    expect(fitted.lines[1].endsWith('…')).toBe(true);
    expect(measure(font, fitted.lines[1], 8)).toBeLessThanOrEqual(100);
  });

  it('draws the SVG text as glyph outlines and the code as modules', () => {
    const svg = renderer.svg(sample);
    writeFileSync(join(OUTPUT, 'poster.svg'), svg);
    expect(svg).toContain('<title>幸福里小区 · 3号楼 地下车库 · 微信扫一扫，报修投诉 30 秒</title>');
    expect(svg).toContain(`aria-label="编号 ${printedToken(token)}"`);
    expect(svg).not.toContain('<text');
    expect(svg.match(/<path /g)!.length).toBeGreaterThanOrEqual(8);
  });

  it('rasterises an A4 PNG with ink where the compound name is', async () => {
    const png = await renderer.png(sample);
    writeFileSync(join(OUTPUT, 'poster.png'), png);
    const meta = await sharp(png).metadata();
    expect(meta.format).toBe('png');
    expect(meta.width).toBe(Math.round((210 / 25.4) * PNG_DPI));
    expect(meta.height).toBe(Math.round((297 / 25.4) * PNG_DPI));
    const px = (mm: number) => Math.round((mm / 25.4) * PNG_DPI);
    /** Grey level of the darkest pixel in a region given in millimetres. */
    const darkest = async (left: number, top: number, width: number, height: number) => {
      const region = { left: px(left), top: px(top), width: px(width), height: px(height) };
      return Math.min(...(await sharp(png).extract(region).greyscale().raw().toBuffer()));
    };
    expect(await darkest(60, 56, 90, 15)).toBeLessThan(80);
    expect(await darkest(0, 56, 8, 15)).toBe(255);
  });

  it('prints a code that a scanner reads back as the report link', async () => {
    const png = await renderer.png(sample);
    // A phone sees the poster from a distance: read it at half size.
    const { data, info } = await sharp(png).resize({ width: 620 }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const read = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height);
    expect(read?.data).toBe(`https://doorstep.example.cn/#/pages/index/index?qr=${token}`);
  });

  it('embeds a subset of the CJK font in the PDF and keeps the text as text', async () => {
    const pdf = await renderer.pdf([sample, { ...sample, compoundName: '阳光花园', placeLabel: null }], '测试海报');
    writeFileSync(join(OUTPUT, 'posters.pdf'), pdf);
    const raw = pdf.toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(raw.match(/\/Type \/Page\b/g)).toHaveLength(2);
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Bold/);
    expect(raw).toMatch(/\/FontFile3 \d+ 0 R/);
    const chars = pdfCharacters(pdf);
    for (const char of '幸福里小区阳光花园号楼地下车库微信扫一扫报修投诉') expect(chars).toContain(char);
  });

  it('refuses with 503 rather than print boxes when the font files are gone', () => {
    const missing = { regular: '/nonexistent/Regular.otf', bold: '/nonexistent/Bold.otf' };
    expect(() => posterFonts(missing)).toThrow(DomainError);
    try {
      posterFonts(missing);
    } catch (error) {
      expect((error as DomainError).statusCode).toBe(503);
      expect((error as DomainError).code).toBe('POSTER_UNAVAILABLE');
    }
  });
});
