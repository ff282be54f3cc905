import { useState } from 'react';
import { Input, View } from '@tarojs/components';

import { zh } from '../i18n/zh';
import { Btn } from './Btn';

interface Props {
  /** Answers whether the text was a valid code (the page then opens the report). */
  onOpen: (text: string) => boolean;
}

/** In a browser there is no scanner: the number printed under the QR code works as well. */
export function TokenEntry({ onOpen }: Props) {
  const [text, setText] = useState('');
  const [invalid, setInvalid] = useState(false);
  return (
    <View className="card" data-testid="token-entry">
      <View style={{ marginBottom: '12px', fontWeight: 600 }}>{zh.home.scanHint}</View>
      <Input
        className="field"
        value={text}
        maxlength={40}
        placeholder={zh.home.tokenPlaceholder}
        data-testid="token-input"
        onInput={(e) => {
          setText(e.detail.value);
          setInvalid(false);
        }}
      />
      {invalid ? <View className="form-error">{zh.home.tokenInvalid}</View> : null}
      <View style={{ marginTop: '16px' }}>
        <Btn kind="primary" block testId="token-open" onClick={() => setInvalid(!onOpen(text))}>
          {zh.home.open}
        </Btn>
      </View>
    </View>
  );
}
