import { useState } from 'react';
import { LIMITS } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { useSubmit } from '../../hooks/useSubmit';
import { zhAdmin } from '../../i18n/admin';
import { errorMessage } from '../../services/request';
import { toast } from '../../services/toast';
import { Btn } from '../Btn';
import { Field } from './Field';

interface Props {
  title: string;
  label: string;
  /** The card is `${testId}-form`, the field `${testId}-name`, the button `${testId}-create`. */
  testId: string;
  disabled?: boolean;
  /** Creates the thing; a rejection is shown as a toast and keeps what was typed. */
  onCreate: (name: string) => Promise<unknown>;
}

/** 新增 something that is just a name (a street, a community, a grid). */
export function NameForm({ title, label, testId, disabled, onCreate }: Props) {
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const create = useSubmit(async () => {
    const value = name.trim();
    if (!value) return setProblem(zhAdmin.common.needValue);
    if (value.length > LIMITS.nameMax) return setProblem(zhAdmin.common.tooLong(LIMITS.nameMax));
    setProblem(null);
    try {
      await onCreate(value);
      toast(zhAdmin.common.saved, 'success');
      setName('');
    } catch (err) {
      toast(errorMessage(err));
    }
  });
  return (
    <View className="card" data-testid={`${testId}-form`}>
      <View className="section__title">{title}</View>
      <Field
        label={label}
        value={name}
        onChange={setName}
        testId={`${testId}-name`}
        maxlength={LIMITS.nameMax}
        problem={problem}
      />
      <Btn
        kind="primary"
        block
        disabled={create.pending || disabled}
        testId={`${testId}-create`}
        onClick={() => void create.run()}
      >
        {create.pending ? zhAdmin.common.saving : zhAdmin.common.add}
      </Btn>
    </View>
  );
}
