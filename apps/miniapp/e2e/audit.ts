import type { Page } from 'playwright-core';

/** The floor for any text on screen (Chinese glyphs below it are hard to read for older eyes). */
export const MIN_TEXT_PX = 16;
/** The floor for anything a finger taps, in both dimensions (Apple's and WeChat's 44 pt guidance). */
export const MIN_TARGET_PX = 44;

/**
 * What an older resident would trip over on the page being shown, one line each:
 * - text smaller than MIN_TEXT_PX (typed text and placeholders of fields included);
 * - text squeezed into a column narrower than two characters (one character per line);
 * - text or a placeholder cut off (clipped or ellipsed instead of wrapped);
 * - a tap target smaller than MIN_TARGET_PX in either dimension.
 * Tap targets are elements with a React tap/change handler (how Taro's H5 components receive taps),
 * native controls, and Taro's tab bar items (which listen natively).
 * Only what is displayed counts: Taro keeps the pages under the current one in the DOM, hidden.
 */
export async function readabilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(
    ({ minText, minTarget }) => {
      const problems: string[] = [];
      const shown = (el: Element): boolean => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) return false;
        const style = getComputedStyle(el);
        return style.visibility !== 'hidden' && Number(style.opacity) > 0;
      };
      const name = (el: Element): string => {
        const id = el.closest('[data-testid]')?.getAttribute('data-testid');
        return `${el.tagName.toLowerCase()}${id ? ` in [${id}]` : ''}`;
      };
      const quote = (text: string) => JSON.stringify(text.replace(/\s+/g, ' ').trim().slice(0, 24));

      // Text nodes: size and squeeze.
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent?.trim() ?? '';
        const el = node.parentElement;
        if (!text || !el || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(el.tagName) || !shown(el)) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const box = range.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (size < minText) problems.push(`text ${size.toFixed(1)}px < ${minText}px: ${quote(text)} (${name(el)})`);
        const lines = range.getClientRects().length;
        if (text.length > 2 && lines >= text.length && box.width < 2 * size)
          problems.push(`text squeezed to ${box.width.toFixed(0)}px wide, one character per line: ${quote(text)} (${name(el)})`);
      }

      // Clipped text: content wider than its box where overflow hides it.
      for (const el of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
        if (!el.childNodes.length || !shown(el)) continue;
        const style = getComputedStyle(el);
        const hides = style.overflowX === 'hidden' || style.overflowX === 'clip' || style.textOverflow === 'ellipsis';
        const hasText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
        if (hides && hasText && el.scrollWidth > el.clientWidth + 1)
          problems.push(
            `text cut off (${el.scrollWidth}px in ${el.clientWidth}px): ${quote(el.textContent ?? '')} (${name(el)})`,
          );
      }

      // Fields: what is typed and the placeholder must be readable and fit.
      const canvas = document.createElement('canvas').getContext('2d')!;
      for (const field of Array.from(document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea'))) {
        if (['hidden', 'file', 'checkbox', 'radio'].includes(field.type) || !shown(field)) continue;
        const style = getComputedStyle(field);
        const size = parseFloat(style.fontSize);
        if (size < minText) problems.push(`field text ${size.toFixed(1)}px < ${minText}px (${name(field)})`);
        if (field.placeholder && field.tagName === 'INPUT') {
          canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const needed = canvas.measureText(field.placeholder).width;
          const room = field.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
          if (needed > room + 1)
            problems.push(`placeholder cut off (${needed.toFixed(0)}px in ${room.toFixed(0)}px): ${quote(field.placeholder)}`);
        }
      }

      // Tap targets.
      const reactProps = (el: Element): Record<string, unknown> | null => {
        const key = Object.keys(el).find((k) => k.startsWith('__reactProps$'));
        return key ? ((el as unknown as Record<string, Record<string, unknown>>)[key] ?? null) : null;
      };
      const NATIVE =
        'a[href], button, select, textarea, input:not([type=hidden]):not([type=file]), [role=button], [role=link], [role=switch], .weui-tabbar__item, .taro-actionsheet__cell, .taro-model__btn';
      for (const el of Array.from(document.body.querySelectorAll('*'))) {
        const props = reactProps(el);
        const tappable =
          el.matches(NATIVE) ||
          (props !== null && ['onClick', 'onTap', 'onChange', 'onInput'].some((k) => typeof props[k] === 'function'));
        if (!tappable || !shown(el)) continue;
        const r = el.getBoundingClientRect();
        if (r.width < minTarget - 0.5 || r.height < minTarget - 0.5)
          problems.push(
            `tap target ${r.width.toFixed(0)}×${r.height.toFixed(0)}px < ${minTarget}px: ${quote(el.textContent ?? '')} (${name(el)})`,
          );
      }
      return Array.from(new Set(problems));
    },
    { minText: MIN_TEXT_PX, minTarget: MIN_TARGET_PX },
  );
}

/** Why the page's viewport meta blocks pinch-zoom, or null when it does not. */
export async function zoomBlocked(page: Page): Promise<string | null> {
  const content = await page.evaluate(() => document.querySelector('meta[name="viewport"]')?.getAttribute('content') ?? '');
  const settings = Object.fromEntries(
    content.split(/[,;]/).map((part) => part.split('=').map((s) => s.trim().toLowerCase()) as [string, string]),
  );
  if (settings['user-scalable'] === 'no' || settings['user-scalable'] === '0') return `user-scalable=no in "${content}"`;
  const max = settings['maximum-scale'];
  if (max !== undefined && Number(max) < 2) return `maximum-scale=${max} in "${content}"`;
  return null;
}
