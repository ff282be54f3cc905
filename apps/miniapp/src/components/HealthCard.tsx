import type { HealthView } from '@doorstep/contracts';
import { View } from '@tarojs/components';

import { zh } from '../i18n/zh';
import { cx } from './cx';
import './HealthCard.scss';

interface Props {
  health: HealthView | undefined;
  loading: boolean;
  error: string | undefined;
  /** Which database and version the service runs: for 关于, not for residents on 首页. */
  detailed?: boolean;
}

/** The service's health; with `detailed`, which database and version it runs (read defensively: /health may say less). */
export function HealthCard({ health, loading, error, detailed = false }: Props) {
  let status: string;
  let tone: 'ok' | 'bad' | 'pending';
  if (health) {
    const ok = health.status === 'ok';
    status = ok ? zh.health.ok : zh.health.degraded;
    tone = ok ? 'ok' : 'bad';
  } else if (loading) {
    status = zh.health.checking;
    tone = 'pending';
  } else {
    status = zh.health.unreachable;
    tone = 'bad';
  }

  return (
    <View className="card health">
      <View className="health__row">
        <View className="health__label">{zh.health.title}</View>
        <View className={cx('health__status', `health__status--${tone}`)} data-testid="health-status">
          {status}
        </View>
      </View>
      {detailed && health?.database?.type ? (
        <View className="health__row muted" data-testid="health-database">
          {zh.health.database}：{zh.health.databaseTypes[health.database.type] ?? health.database.type}
        </View>
      ) : null}
      {detailed && health?.version ? (
        <View className="health__row muted" data-testid="health-version">
          {zh.health.version} {health.version}
        </View>
      ) : null}
      {!health && !loading && error ? <View className="health__row muted">{error}</View> : null}
    </View>
  );
}
