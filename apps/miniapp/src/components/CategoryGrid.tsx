import { TICKET_KINDS, TICKET_KIND_LABELS, type CategoryView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { zh } from '../i18n/zh';
import { cx } from './cx';
import './CategoryGrid.scss';

interface Props {
  categories: CategoryView[];
  selectedId: number | null;
  onSelect: (category: CategoryView) => void;
}

/** Report categories as large tiles, grouped 报修 / 投诉 / 建议咨询. */
export function CategoryGrid({ categories, selectedId, onSelect }: Props) {
  return (
    <View className="category-grid">
      {TICKET_KINDS.map((kind) => {
        const ofKind = categories.filter((c) => c.kind === kind);
        if (ofKind.length === 0) return null;
        return (
          <View key={kind} className="category-grid__group">
            <View className="category-grid__kind muted">{TICKET_KIND_LABELS[kind]}</View>
            <View className="category-grid__tiles">
              {ofKind.map((category) => (
                <View
                  key={category.id}
                  className={cx('category-grid__tile', category.id === selectedId && 'category-grid__tile--selected')}
                  data-testid={`category-${category.id}`}
                  data-name={category.name}
                  data-selected={category.id === selectedId ? 'true' : 'false'}
                  onClick={() => onSelect(category)}
                >
                  <View className={`category-grid__icon category-grid__icon--${kind}`}>
                    {zh.categoryIcons[category.icon] ?? zh.categoryIcons.other}
                  </View>
                  <View className="category-grid__name">{category.name}</View>
                </View>
              ))}
            </View>
          </View>
        );
      })}
    </View>
  );
}
