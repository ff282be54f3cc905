import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';

import { Btn } from '../../components/Btn';
import { Screen } from '../../components/Screen';
import { StatusView } from '../../components/StatusView';
import { usePageParams } from '../../hooks/usePageParams';
import { useRemote } from '../../hooks/useRemote';
import { zhGrid } from '../../i18n/grid';
import { zh } from '../../i18n/zh';
import { qrTokenFromLaunch } from '../../services/launch';
import { goHome } from '../../services/navigation';
import { routeScan } from './scan-route';
import './grid.scss';

/**
 * 扫码走访 (?qr=<token>): the grid worker's scan, opened from 首页. Resolves the code and goes on to
 * the building's households or the place's visit form (scan-route.ts), replacing this page; a code
 * outside the worker's grids, or unknown, stays here with words that say so.
 */
export default function GridScanPage() {
  const token = qrTokenFromLaunch(usePageParams());
  const route = useRemote(
    async () => {
      const next = await routeScan(token!);
      if ('url' in next) await Taro.redirectTo({ url: next.url });
      return next;
    },
    token,
    token !== null,
  );

  if (token === null) return <StatusView kind="error" text={zh.errors.badLink} />;
  const outside = route.data && 'outside' in route.data ? route.data.outside : null;
  const next = route.data && 'url' in route.data ? route.data.url : null;
  return (
    <Screen>
      {next ? (
        // Replaced by the page it opens; should that fail, one tap opens it.
        <Btn kind="primary" block testId="grid-scan-open" onClick={() => void Taro.navigateTo({ url: next })}>
          {zhGrid.scan.open}
        </Btn>
      ) : outside ? (
        <View data-testid="grid-scan-outside">
          <StatusView kind="error" text={outside} />
          <Btn block testId="grid-scan-home" onClick={goHome}>
            {zhGrid.scan.scanAgain}
          </Btn>
        </View>
      ) : route.error ? (
        <StatusView kind="error" text={route.error} onRetry={() => void route.reload()} />
      ) : (
        <StatusView kind="loading" text={zhGrid.scan.resolving} />
      )}
    </Screen>
  );
}
