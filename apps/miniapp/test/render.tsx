import { act, type ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';

// Tells React this is a test environment, so updates inside act() are flushed before assertions.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface Rendered {
  container: HTMLElement;
  rerender: (element: ReactElement) => void;
  /** The element with this data-testid, or a failure naming it. */
  get: (testId: string) => HTMLElement;
  query: (testId: string) => HTMLElement | null;
  all: (testId: string) => HTMLElement[];
}

const mounted: Array<{ root: Root; container: HTMLElement }> = [];

export function render(element: ReactElement): Rendered {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  act(() => root.render(element));
  mounted.push({ root, container });
  const query = (testId: string) => container.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  return {
    container,
    rerender: (next) => act(() => root.render(next)),
    get: (testId) => {
      const found = query(testId);
      if (!found) throw new Error(`no element with data-testid="${testId}"`);
      return found;
    },
    query,
    all: (testId) => Array.from(container.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)),
  };
}

afterEach(() => {
  for (const { root, container } of mounted.splice(0)) {
    act(() => root.unmount());
    container.remove();
  }
});

export function tap(element: Element): void {
  act(() => {
    element.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  });
}

/** Types into an <input> or <textarea> the way a keyboard does (React sees an input event). */
export function typeText(element: Element, text: string): void {
  const field = element as HTMLInputElement | HTMLTextAreaElement;
  const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(field), 'value')!.set!;
  act(() => {
    setter.call(field, text);
    field.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** Turns a Picker (the test double's wheel) to `value`, as a person scrolling it would. */
export function pick(picker: Element, value: string): void {
  const wheel = picker.closest('[data-picker]')?.querySelector('[data-picker-wheel]') as HTMLInputElement | null;
  if (!wheel) throw new Error('not inside a Picker');
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
  act(() => {
    setter.call(wheel, value);
    wheel.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
