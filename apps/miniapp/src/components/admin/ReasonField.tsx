import { LIMITS } from '@doorstep/contracts';
import { Textarea } from '@tarojs/components';

import { FieldFrame } from './Field';

interface Props {
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  testId: string;
  problem?: string | null;
}

/** Why (驳回, 减免, 作废 …): a few lines, within the reason limits the API applies. */
export function ReasonField({ label, value, onChange, placeholder, testId, problem }: Props) {
  return (
    <FieldFrame label={label} problem={problem}>
      <Textarea
        className="field field--area"
        value={value}
        maxlength={LIMITS.reasonMax}
        placeholder={placeholder}
        data-testid={testId}
        onInput={(e) => onChange(e.detail.value)}
      />
    </FieldFrame>
  );
}
