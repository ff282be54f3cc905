import { View } from '@tarojs/components';

import './EntryGrid.scss';

export interface Entry {
  key: string;
  title: string;
  hint: string;
  onOpen: () => void;
}

/** The home page's workbench: a few large tiles for what the current role does most. */
export function EntryGrid({ entries }: { entries: Entry[] }) {
  return (
    <View className="entries">
      {entries.map((entry) => (
        <View key={entry.key} className="entries__tile" data-testid={`entry-${entry.key}`} onClick={entry.onOpen}>
          <View className="entries__title">{entry.title}</View>
          <View className="entries__hint">{entry.hint}</View>
        </View>
      ))}
    </View>
  );
}
