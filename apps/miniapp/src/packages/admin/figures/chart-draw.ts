/*
 * The two charts of 考核, drawn by hand on a 2D canvas: a 6-month line and handlers as horizontal
 * bars. Only what both canvases have (an H5 <canvas> and a weapp <canvas type="2d"> node) is used,
 * in CSS pixels (the caller scales for the screen's pixel ratio), with Chinese text at 16 px.
 */

/** The part of CanvasRenderingContext2D the charts draw with (a weapp 2d context has all of it). */
export interface ChartContext {
  fillStyle: string | CanvasGradient | CanvasPattern;
  strokeStyle: string | CanvasGradient | CanvasPattern;
  lineWidth: number;
  font: string;
  textAlign: CanvasTextAlign;
  textBaseline: CanvasTextBaseline;
  clearRect(x: number, y: number, w: number, h: number): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  arc(x: number, y: number, r: number, start: number, end: number): void;
  stroke(): void;
  fill(): void;
  fillText(text: string, x: number, y: number): void;
  strokeText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
}

export interface ChartPoint {
  label: string;
  value: number | null;
  /** What is written at the point or bar (its value, formatted). */
  text: string;
}

export const CHART_FONT_PX = 16;
const FONT = `${CHART_FONT_PX}px -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif`;
const PRIMARY = '#1677ff';
const TEXT = '#1f1f1f';
const MUTED = '#8c8c8c';
const GRID = '#e5e5e5';
const TRACK = '#f0f2f5';

/** The top of the value axis: the largest value rounded up to 1, 2, 2.5 or 5 × 10ⁿ (100 for percentages that reach it). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (max <= step * power + 1e-9) return step * power;
  return 10 * power;
}

/** Height the bar chart needs for `rows` bars: a name line and a bar each. */
export const BAR_ROW_PX = 56;
export function barChartHeight(rows: number): number {
  return Math.max(1, rows) * BAR_ROW_PX + 8;
}
export const LINE_CHART_PX = 220;

/** Text with a white halo, so a value stays readable where the line runs through it. */
function haloText(ctx: ChartContext, text: string, x: number, y: number): void {
  ctx.strokeStyle = '#ffffff';
  ctx.lineWidth = 4;
  ctx.strokeText(text, x, y);
  ctx.fillText(text, x, y);
}

/** `text` cut to `width` with an ellipsis. */
export function fitText(ctx: ChartContext, text: string, width: number): string {
  if (ctx.measureText(text).width <= width) return text;
  let cut = text;
  while (cut.length > 1 && ctx.measureText(`${cut}…`).width > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** Points of a line chart in the box, null values left out (the line breaks there). */
export function linePositions(
  points: readonly ChartPoint[],
  box: { left: number; right: number; top: number; bottom: number },
  top: number,
): Array<{ x: number; y: number | null }> {
  const step = points.length > 1 ? (box.right - box.left) / (points.length - 1) : 0;
  return points.map((p, i) => ({
    x: points.length > 1 ? box.left + i * step : (box.left + box.right) / 2,
    y: p.value === null ? null : box.bottom - (Math.max(0, p.value) / top) * (box.bottom - box.top),
  }));
}

/** The trend: months along the bottom, the value written above each point. */
export function drawLineChart(ctx: ChartContext, width: number, height: number, points: readonly ChartPoint[]): void {
  ctx.clearRect(0, 0, width, height);
  ctx.font = FONT;
  const box = { left: 24, right: width - 24, top: 32, bottom: height - 32 };
  const max = Math.max(0, ...points.map((p) => p.value ?? 0));
  const top = niceMax(max);

  ctx.strokeStyle = GRID;
  ctx.lineWidth = 1;
  for (const f of [0, 0.5, 1]) {
    const y = Math.round(box.bottom - f * (box.bottom - box.top)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(8, y);
    ctx.lineTo(width - 8, y);
    ctx.stroke();
  }

  const at = linePositions(points, box, top);
  ctx.strokeStyle = PRIMARY;
  ctx.lineWidth = 3;
  ctx.beginPath();
  let drawing = false;
  at.forEach(({ x, y }) => {
    if (y === null) {
      drawing = false;
      return;
    }
    if (drawing) ctx.lineTo(x, y);
    else ctx.moveTo(x, y);
    drawing = true;
  });
  ctx.stroke();

  ctx.textAlign = 'center';
  at.forEach(({ x, y }, i) => {
    const p = points[i];
    if (y !== null) {
      ctx.fillStyle = PRIMARY;
      ctx.beginPath();
      ctx.arc(x, y, 5, 0, Math.PI * 2);
      ctx.fill();
    }
    ctx.fillStyle = y === null ? MUTED : TEXT;
    ctx.textBaseline = 'bottom';
    haloText(ctx, p.text, x, (y ?? box.bottom) - 8);
    ctx.fillStyle = MUTED;
    ctx.textBaseline = 'top';
    ctx.fillText(p.label, x, box.bottom + 8);
  });
}

/** Handlers side by side: each one's name, then its bar on a grey track, the value at the bar's end. */
export function drawBarChart(ctx: ChartContext, width: number, height: number, bars: readonly ChartPoint[]): void {
  ctx.clearRect(0, 0, width, height);
  ctx.font = FONT;
  const valueWidth = 72;
  const track = Math.max(40, width - 8 - valueWidth);
  const top = niceMax(Math.max(0, ...bars.map((b) => b.value ?? 0)));
  bars.forEach((bar, i) => {
    const y = 4 + i * BAR_ROW_PX;
    ctx.fillStyle = TEXT;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'top';
    ctx.fillText(fitText(ctx, bar.label, width - 8), 4, y);
    const barY = y + CHART_FONT_PX + 8;
    ctx.fillStyle = TRACK;
    ctx.fillRect(4, barY, track, 16);
    const length = bar.value === null ? 0 : Math.max(2, (Math.max(0, bar.value) / top) * track);
    ctx.fillStyle = PRIMARY;
    if (bar.value !== null) ctx.fillRect(4, barY, length, 16);
    ctx.fillStyle = bar.value === null ? MUTED : TEXT;
    ctx.textBaseline = 'middle';
    ctx.fillText(bar.text, 4 + track + 8, barY + 8);
  });
}
