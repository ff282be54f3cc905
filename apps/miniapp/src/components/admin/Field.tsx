import type { PropsWithChildren } from 'react';
import { Input, View } from '@tarojs/components';

import { zh } from '../../i18n/zh';

interface Props {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  type?: 'text' | 'number' | 'digit' | 'idcard';
  placeholder?: string;
  maxlength?: number;
  optional?: boolean;
  /** What is wrong with the value, in Chinese; shown under the field. */
  problem?: string | null;
}

/** A labelled one-line input with its problem under it. */
export function Field({ label, value, onChange, testId, type = 'text', placeholder, maxlength, optional, problem }: Props) {
  return (
    <FieldFrame label={label} optional={optional} problem={problem}>
      <Input
        className="field"
        type={type}
        value={value}
        placeholder={placeholder}
        maxlength={maxlength}
        data-testid={testId}
        onInput={(e) => onChange(e.detail.value)}
      />
    </FieldFrame>
  );
}

/** Label and problem around any control (chips, a picker, a switch). */
export function FieldFrame({
  label,
  optional,
  problem,
  children,
}: PropsWithChildren<{ label: string; optional?: boolean; problem?: string | null }>) {
  return (
    <View className="admin-field">
      <View className="form-label">
        {label}
        {optional ? <View className="muted admin-field__optional">{zh.common.optional}</View> : null}
      </View>
      {children}
      {problem ? (
        <View className="admin-field__problem" role="alert">
          {problem}
        </View>
      ) : null}
    </View>
  );
}
