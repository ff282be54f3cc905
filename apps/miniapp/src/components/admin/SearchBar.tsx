import { useState, type PropsWithChildren } from 'react';
import { LIMITS } from '@doorstep/contracts';
import { Input, View } from '@tarojs/components';

import { zhAdmin } from '../../i18n/admin';
import { Btn } from '../Btn';

interface Props {
  placeholder: string;
  /** The words to search for, trimmed ('' clears the search); on 搜索 or the keyboard's search key. */
  onSearch: (q: string) => void;
  /** `${testId}` is the field, `${testId}-go` the button. */
  testId: string;
}

/** A search field with its 搜索 button, and any other buttons of the toolbar after them. */
export function SearchBar({ placeholder, onSearch, testId, children }: PropsWithChildren<Props>) {
  const [typed, setTyped] = useState('');
  return (
    <View className="admin-toolbar">
      <Input
        className="field"
        value={typed}
        placeholder={placeholder}
        maxlength={LIMITS.searchMax}
        confirmType="search"
        data-testid={testId}
        onInput={(e) => setTyped(e.detail.value)}
        onConfirm={() => onSearch(typed.trim())}
      />
      <Btn testId={`${testId}-go`} onClick={() => onSearch(typed.trim())}>
        {zhAdmin.common.search}
      </Btn>
      {children}
    </View>
  );
}
