import { View } from '@tarojs/components';

import { Btn } from '../../components/Btn';
import { Screen } from '../../components/Screen';
import { zh } from '../../i18n/zh';
import { goHome } from '../../services/navigation';

/** 页面不存在: an address that names no page (an old link, a typo) lands here instead of a blank screen. */
export default function NotFoundPage() {
  return (
    <Screen>
      <View className="card" data-testid="not-found">
        <View className="form-label">{zh.notFound.title}</View>
        <View className="hint">{zh.notFound.text}</View>
        <Btn kind="primary" block testId="not-found-home" onClick={goHome}>
          {zh.common.home}
        </Btn>
      </View>
    </Screen>
  );
}
