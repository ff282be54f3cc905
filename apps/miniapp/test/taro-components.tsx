/**
 * A test double of @tarojs/components for component tests in jsdom: each component renders the plain
 * DOM element it stands for, and Taro's event shapes (`e.detail.value`) are rebuilt from DOM events.
 *
 * Why not the real thing: Taro 4's H5 components are Stencil web components that need the custom
 * element runtime and Taro's router to render, and @tarojs/test-utils-react 0.1.1 targets Taro 3.6.
 * Our components only use what these doubles model (layout, text, taps, typed text, toggles, images),
 * so tests mount a component alone and assert its behaviour; the real components are exercised by the
 * browser tests against the H5 build.
 */
import type { ChangeEvent, PropsWithChildren, ReactNode } from 'react';

type Common = PropsWithChildren<{
  className?: string;
  style?: object;
  onClick?: (e: unknown) => void;
  [data: `data-${string}`]: unknown;
}>;

function pass(props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    if (key.startsWith('data-') || key.startsWith('aria-') || key === 'className' || key === 'style' || key === 'onClick')
      out[key] = value;
  }
  return out;
}

export function View(props: Common) {
  return <div {...pass(props)}>{props.children}</div>;
}

export function Text(props: Common) {
  return <span {...pass(props)}>{props.children}</span>;
}

export function Button(props: Common & { disabled?: boolean; type?: string; size?: string }) {
  return (
    <button type="button" disabled={props.disabled} {...pass(props)}>
      {props.children}
    </button>
  );
}

export function Image(props: Common & { src: string; mode?: string }) {
  return <img src={props.src} alt="" {...pass(props)} />;
}

type Typed = Common & {
  value?: string;
  placeholder?: string;
  maxlength?: number;
  type?: string;
  onInput?: (e: { detail: { value: string } }) => void;
};

export function Input(props: Typed) {
  return (
    <input
      value={props.value ?? ''}
      placeholder={props.placeholder}
      maxLength={props.maxlength}
      {...pass(props)}
      onChange={(e: ChangeEvent<HTMLInputElement>) => props.onInput?.({ detail: { value: e.target.value } })}
    />
  );
}

export function Textarea(props: Typed) {
  return (
    <textarea
      value={props.value ?? ''}
      placeholder={props.placeholder}
      maxLength={props.maxlength}
      {...pass(props)}
      onChange={(e: ChangeEvent<HTMLTextAreaElement>) => props.onInput?.({ detail: { value: e.target.value } })}
    />
  );
}

export function Switch(props: Common & { checked?: boolean; onChange?: (e: { detail: { value: boolean } }) => void }) {
  return (
    <input
      type="checkbox"
      checked={Boolean(props.checked)}
      {...pass(props)}
      onChange={(e: ChangeEvent<HTMLInputElement>) => props.onChange?.({ detail: { value: e.target.checked } })}
    />
  );
}

/**
 * The picker's wheel is platform UI; the double renders what opens it, plus a hidden input that
 * stands for the wheel: `pick(element, value)` in test/render.tsx turns it as a person would.
 */
export function Picker(
  props: Common & { mode?: string; value?: unknown; range?: unknown[]; onChange?: (e: { detail: { value: unknown } }) => void },
) {
  return (
    <div data-picker={props.mode} {...pass(props)}>
      {props.children as ReactNode}
      <input
        hidden
        data-picker-wheel=""
        onChange={(e: ChangeEvent<HTMLInputElement>) => props.onChange?.({ detail: { value: e.target.value } })}
      />
    </div>
  );
}
