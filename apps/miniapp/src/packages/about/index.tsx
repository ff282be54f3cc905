import { View } from '@tarojs/components';

import { HealthCard } from '../../components/HealthCard';
import { Screen } from '../../components/Screen';
import { useHealth } from '../../hooks/useHealth';
import { zh } from '../../i18n/zh';
import './index.scss';

/** 关于: what the app is, and which service it talks to (database, version) for whoever needs to know. */
export default function AboutPage() {
  const health = useHealth();
  return (
    <Screen>
      <View className="card" data-testid="about">
        <View className="about__title">{zh.appName}</View>
        <View className="muted">{zh.about.description}</View>
      </View>
      <HealthCard health={health.data} loading={health.loading} error={health.error} detailed />
    </Screen>
  );
}
