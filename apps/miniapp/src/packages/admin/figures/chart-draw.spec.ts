import { barChartHeight, drawBarChart, drawLineChart, fitText, linePositions, niceMax, type ChartContext } from './chart-draw';

/** A context that records what is drawn; text is 16 px wide per character, as Chinese is at 16 px. */
function recorder() {
  const texts: Array<{ text: string; x: number; y: number; font: string }> = [];
  const rects: Array<{ x: number; y: number; w: number; h: number; fill: unknown }> = [];
  let segments = 0;
  const ctx: ChartContext = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    font: '',
    textAlign: 'left',
    textBaseline: 'alphabetic',
    clearRect: () => undefined,
    fillRect(x, y, w, h) {
      rects.push({ x, y, w, h, fill: this.fillStyle });
    },
    beginPath: () => undefined,
    moveTo: () => undefined,
    lineTo: () => {
      segments++;
    },
    arc: () => undefined,
    stroke: () => undefined,
    fill: () => undefined,
    fillText(text, x, y) {
      texts.push({ text, x, y, font: this.font });
    },
    strokeText: () => undefined,
    measureText: (text) => ({ width: text.length * 16 }),
  };
  return { ctx, texts, rects, segments: () => segments };
}

describe('niceMax', () => {
  it('rounds the top of the axis up to 1, 2, 2.5 or 5 × 10ⁿ', () => {
    expect(niceMax(0)).toBe(1);
    expect(niceMax(3)).toBe(5);
    expect(niceMax(12)).toBe(20);
    expect(niceMax(66.7)).toBe(100);
    expect(niceMax(100)).toBe(100);
    expect(niceMax(0.4)).toBe(0.5);
  });
});

describe('linePositions', () => {
  it('spreads the months across the box and leaves a gap for a month without a value', () => {
    const at = linePositions(
      [
        { label: '1', value: 0, text: '0' },
        { label: '2', value: null, text: '—' },
        { label: '3', value: 50, text: '50' },
      ],
      { left: 0, right: 100, top: 0, bottom: 100 },
      100,
    );
    expect(at).toEqual([
      { x: 0, y: 100 },
      { x: 50, y: null },
      { x: 100, y: 50 },
    ]);
  });
});

describe('drawing at 320 px', () => {
  it('writes every month and value of the trend at 16 px', () => {
    const r = recorder();
    const points = ['6月', '7月', '8月', '9月', '10月', '11月'].map((label, i) => ({
      label,
      value: i === 2 ? null : 80 + i,
      text: i === 2 ? '—' : `${80 + i}.0%`,
    }));
    drawLineChart(r.ctx, 288, 220, points);
    const shown = r.texts.map((t) => t.text);
    for (const p of points) expect(shown).toEqual(expect.arrayContaining([p.label, p.text]));
    expect(r.texts.every((t) => t.font.startsWith('16px'))).toBe(true);
    expect(r.texts.every((t) => t.x >= 0 && t.x <= 288)).toBe(true);
  });

  it('gives each handler its own row: the whole name when it fits, the bar within the width', () => {
    const r = recorder();
    const bars = [
      { label: '安居物业服务有限公司', value: 100, text: '100.0%' },
      { label: '幸福社区共享物业社', value: 50, text: '50.0%' },
      { label: '没有数据的物业', value: null, text: '—' },
    ];
    const height = barChartHeight(bars.length);
    drawBarChart(r.ctx, 288, height, bars);
    expect(r.texts.map((t) => t.text)).toEqual(expect.arrayContaining(['安居物业服务有限公司', '100.0%', '50.0%', '—']));
    const blue = r.rects.filter((x) => x.fill === '#1677ff');
    expect(blue).toHaveLength(2);
    expect(blue[0].w).toBeGreaterThan(blue[1].w);
    expect(Math.max(...r.rects.map((x) => x.x + x.w))).toBeLessThanOrEqual(288);
    expect(Math.max(...r.rects.map((x) => x.y + x.h))).toBeLessThanOrEqual(height);
  });

  it('cuts a name too long for the width with an ellipsis', () => {
    const r = recorder();
    expect(fitText(r.ctx, '一个名字特别特别长的物业服务有限公司', 160)).toBe('一个名字特别特别长…');
    expect(fitText(r.ctx, '短名', 160)).toBe('短名');
  });
});
