import { View } from '@tarojs/components';

import { Screen } from '../../components/Screen';
import { zh } from '../../i18n/zh';
import './index.scss';

/** 关于: lives in a subpackage so the main package holds tab pages only. */
export default function AboutPage() {
  return (
    <Screen>
      <View className="card" data-testid="about">
        <View className="about__title">{zh.appName}</View>
        <View className="muted">{zh.about.description}</View>
      </View>
    </Screen>
  );
}
