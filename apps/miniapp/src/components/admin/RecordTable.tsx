import type { ReactNode } from 'react';
import { View } from '@tarojs/components';

import { zh } from '../../i18n/zh';
import type { PagedListState } from '../../hooks/usePagedList';
import { Btn } from '../Btn';
import { StatusView } from '../StatusView';
import './admin.scss';

export interface Column<T> {
  key: string;
  title: string;
  render: (row: T) => ReactNode;
  /** The row's heading on a phone card (one column should be). */
  primary?: boolean;
}

interface Props<T> {
  columns: Array<Column<T>>;
  rows: T[];
  rowKey: (row: T) => string | number;
  empty: string;
  testId?: string;
  /** Buttons of one row (编辑, 停用 …). */
  actions?: (row: T) => ReactNode;
  onOpen?: (row: T) => void;
}

/**
 * Rows of records. A phone shows each as a card (heading, then label: value lines); a desk browser
 * (≥ 1024 px) shows the same markup as a table with a header row, by CSS alone.
 */
export function RecordTable<T>({ columns, rows, rowKey, empty, testId, actions, onOpen }: Props<T>) {
  if (rows.length === 0) return <StatusView kind="empty" text={empty} />;
  return (
    <View className="records" data-testid={testId}>
      <View className="records__head">
        {columns.map((c) => (
          <View key={c.key} className="records__cell">
            {c.title}
          </View>
        ))}
        {actions ? <View className="records__cell records__cell--actions" /> : null}
      </View>
      {rows.map((row) => (
        <View
          key={rowKey(row)}
          className={onOpen ? 'records__row records__row--link' : 'records__row'}
          data-testid={testId ? `${testId}-row-${rowKey(row)}` : undefined}
          onClick={onOpen ? () => onOpen(row) : undefined}
        >
          {columns.map((c) => (
            <View key={c.key} className={c.primary ? 'records__cell records__cell--primary' : 'records__cell'}>
              {c.primary ? null : <View className="records__label">{c.title}</View>}
              <View className="records__value">{c.render(row)}</View>
            </View>
          ))}
          {actions ? (
            <View className="records__cell records__cell--actions" onClick={(e) => e.stopPropagation()}>
              {actions(row)}
            </View>
          ) : null}
        </View>
      ))}
    </View>
  );
}

/** A paged list's table with its loading, error and 加载更多 states. */
export function PagedRecords<T>(props: Omit<Props<T>, 'rows'> & { list: PagedListState<T> }) {
  const { list, ...table } = props;
  if (list.loading && list.items.length === 0) return <StatusView kind="loading" />;
  if (list.error && list.items.length === 0)
    return <StatusView kind="error" text={list.error} onRetry={() => void list.reload()} />;
  return (
    <View>
      <RecordTable {...table} rows={list.items} />
      {list.hasMore ? (
        <Btn block disabled={list.loadingMore} testId="load-more" onClick={() => void list.loadMore()}>
          {list.loadingMore ? zh.common.loading : zh.common.loadMore}
        </Btn>
      ) : null}
    </View>
  );
}
