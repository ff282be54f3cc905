import { COMPOUND_TYPE_LABELS, MANAGEMENT_MODE_LABELS, type CompoundView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { zh } from '../i18n/zh';
import { StatusView } from './StatusView';
import './CompoundList.scss';

export function CompoundItem({ compound, onOpen }: { compound: CompoundView; onOpen?: (id: number) => void }) {
  return (
    <View className="card compound" data-testid="compound-item" onClick={onOpen ? () => onOpen(compound.id) : undefined}>
      <View className="compound__name">{compound.name}</View>
      <View className="compound__tags">
        <View className="compound__tag">{COMPOUND_TYPE_LABELS[compound.type]}</View>
        <View className="compound__tag">{MANAGEMENT_MODE_LABELS[compound.managementMode]}</View>
      </View>
      <View className="muted">
        {compound.communityName}
        {compound.address ? `${zh.common.separator}${compound.address}` : ''}
      </View>
      {compound.companyName ? (
        <View className="muted">
          {zh.home.companyPrefix}
          {compound.companyName}
        </View>
      ) : null}
      {onOpen ? <View className="compound__link">{zh.home.board} ›</View> : null}
    </View>
  );
}

interface Props {
  items: CompoundView[];
  loading: boolean;
  loadingMore: boolean;
  hasMore: boolean;
  error: string | undefined;
  onRetry: () => void;
  /** Tap on a compound: its public board. */
  onOpen?: (id: number) => void;
}

export function CompoundList({ items, loading, loadingMore, hasMore, error, onRetry, onOpen }: Props) {
  if (loading && items.length === 0) return <StatusView kind="loading" />;
  if (error && items.length === 0) return <StatusView kind="error" text={error} onRetry={onRetry} />;
  if (items.length === 0) return <StatusView kind="empty" text={zh.home.emptyCompounds} />;
  return (
    <View data-testid="compound-list">
      {items.map((compound) => (
        <CompoundItem key={compound.id} compound={compound} onOpen={onOpen} />
      ))}
      <View className="compound-list__footer muted">{loadingMore ? zh.common.loading : hasMore ? '' : zh.common.noMore}</View>
    </View>
  );
}
