import { useState } from 'react';
import { LIMITS } from '@doorstep/contracts';
import { Textarea, View } from '@tarojs/components';

import { zhAdmin } from '../../i18n/admin';
import { Btn } from '../Btn';
import { FieldFrame } from './Field';

interface Props {
  title: string;
  label: string;
  placeholder: string;
  /** The button that sends (驳回, 减免, 作废). */
  action: string;
  pending: boolean;
  /** The card is `${testId}-form`, the text `${testId}-reason`, the button `${testId}-send`. */
  testId: string;
  onSend: (reason: string) => void;
  onCancel: () => void;
}

/** A refusal that needs its why (驳回, 减免, 作废): the reason within the API's limits, send or cancel. */
export function ReasonForm({ title, label, placeholder, action, pending, testId, onSend, onCancel }: Props) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const send = () => {
    const why = reason.trim();
    if (why.length < LIMITS.reasonMin) return setProblem(zhAdmin.common.needValue + label);
    setProblem(null);
    onSend(why);
  };
  return (
    <View className="card" data-testid={`${testId}-form`}>
      <View className="section__title">{title}</View>
      <FieldFrame label={label} problem={problem}>
        <Textarea
          className="field field--area"
          value={reason}
          maxlength={LIMITS.reasonMax}
          placeholder={placeholder}
          data-testid={`${testId}-reason`}
          onInput={(e) => setReason(e.detail.value)}
        />
      </FieldFrame>
      <View className="admin-toolbar">
        <Btn kind="danger" disabled={pending} testId={`${testId}-send`} onClick={send}>
          {pending ? zhAdmin.common.saving : action}
        </Btn>
        <Btn onClick={onCancel}>{zhAdmin.common.cancelEdit}</Btn>
      </View>
    </View>
  );
}
