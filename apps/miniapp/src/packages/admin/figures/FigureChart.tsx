import { createElement, useEffect, useRef } from 'react';
import Taro from '@tarojs/taro';
import { Canvas, View } from '@tarojs/components';

import type { ChartContext } from './chart-draw';

interface Props {
  /** The weapp canvas's id (unique on the page). */
  id: string;
  height: number;
  /** Draws in CSS pixels on a context already scaled for the screen. */
  draw: (ctx: ChartContext, width: number, height: number) => void;
  /** Redraws when this changes (the data drawn, as a string). */
  signature: string;
  testId: string;
  /** What the chart shows, for screen readers. */
  label: string;
}

interface CanvasNode {
  width: number;
  height: number;
  getContext(
    type: '2d',
  ): (ChartContext & { setTransform(a: number, b: number, c: number, d: number, e: number, f: number): void }) | null;
}

function paint(canvas: CanvasNode | null | undefined, cssWidth: number, cssHeight: number, ratio: number, draw: Props['draw']) {
  if (!canvas || typeof canvas.getContext !== 'function' || cssWidth <= 0) return;
  canvas.width = Math.round(cssWidth * ratio);
  canvas.height = Math.round(cssHeight * ratio);
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  draw(ctx, cssWidth, cssHeight);
}

/**
 * A chart on a 2D canvas, the same drawing on both platforms. H5: a plain <canvas> (Taro's H5 Canvas
 * resets its size on every re-render, which would wipe the drawing). weapp: <Canvas type="2d">, whose
 * node a selector query hands over once the page has rendered it.
 */
export function FigureChart({ id, height, draw, signature, testId, label }: Props) {
  const ref = useRef<HTMLCanvasElement | null>(null);
  const drawRef = useRef(draw);
  drawRef.current = draw;

  useEffect(() => {
    if (process.env.TARO_ENV === 'h5') {
      const render = () => {
        const canvas = ref.current;
        if (canvas)
          paint(canvas as unknown as CanvasNode, canvas.clientWidth, height, window.devicePixelRatio || 1, drawRef.current);
      };
      render();
      window.addEventListener('resize', render);
      return () => window.removeEventListener('resize', render);
    }
    let alive = true;
    Taro.nextTick(() => {
      try {
        Taro.createSelectorQuery()
          .select(`#${id}`)
          .fields({ node: true, size: true }, () => undefined)
          .exec((res: Array<{ node?: CanvasNode; width?: number; height?: number } | null>) => {
            const found = res?.[0];
            if (!alive || !found) return;
            paint(found.node, found.width ?? 0, height, Taro.getSystemInfoSync().pixelRatio || 1, drawRef.current);
          });
      } catch {
        // No canvas on this device (a simulator): the figures are in the table too.
      }
    });
    return () => {
      alive = false;
    };
  }, [id, height, signature]);

  if (process.env.TARO_ENV === 'h5') {
    return (
      <View className="fig-chart" data-testid={testId}>
        {createElement('canvas', {
          ref,
          className: 'fig-chart__canvas',
          style: { width: '100%', height: `${height}px`, display: 'block' },
          role: 'img',
          'aria-label': label,
        })}
      </View>
    );
  }
  return (
    <View className="fig-chart" data-testid={testId}>
      <Canvas type="2d" id={id} className="fig-chart__canvas" style={{ width: '100%', height: `${height}px` }} />
    </View>
  );
}
