import { CARE_TAG_LABELS, type CareTag } from '@doorstep/contracts';
import { View } from '@tarojs/components';

/** A household's care tags as small labels (独居老人 · 低保). */
export function CareTags({ tags, none }: { tags: readonly CareTag[]; none?: string }) {
  if (tags.length === 0) return none ? <>{none}</> : null;
  return (
    <View className="grid-tags" data-testid="care-tags">
      {tags.map((tag) => (
        <View key={tag} className="grid-tag">
          {CARE_TAG_LABELS[tag]}
        </View>
      ))}
    </View>
  );
}
