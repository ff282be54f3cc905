import type { PropsWithChildren } from 'react';
import { Button } from '@tarojs/components';

import { cx } from './cx';
import './Btn.scss';

interface Props {
  kind?: 'primary' | 'default' | 'danger' | 'ghost';
  size?: 'normal' | 'small';
  block?: boolean;
  disabled?: boolean;
  testId?: string;
  className?: string;
  onClick?: () => void;
}

/**
 * The app's button: large touch target, styles of our own on both platforms.
 * No `loading` prop: on H5 its spinner is inserted by Stencil into children React also manages
 * (NotFoundError: insertBefore); callers change the label instead (正在提交…).
 */
export function Btn({
  kind = 'default',
  size = 'normal',
  block,
  disabled,
  testId,
  className,
  onClick,
  children,
}: PropsWithChildren<Props>) {
  return (
    <Button
      className={cx('btn', `btn--${kind}`, `btn--${size}`, block && 'btn--block', disabled && 'btn--disabled', className)}
      // `|| undefined`: on H5, disabled={false} becomes the attribute disabled="false", which the
      // button stylesheet's [disabled] selector greys out.
      disabled={disabled || undefined}
      data-testid={testId}
      onClick={disabled ? undefined : onClick}
    >
      {children}
    </Button>
  );
}
