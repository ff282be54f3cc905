import type { PropsWithChildren } from 'react';
import Taro, { useLaunch, usePageNotFound } from '@tarojs/taro';

import { useSilentSignIn } from './hooks/useSilentSignIn';
import { useVisitSync } from './hooks/useVisitSync';
import { NOT_FOUND_PAGE } from './services/navigation';
import './app.scss';

/** Root component; `children` is the page being shown. Signs in silently with WeChat on weapp. */
function App({ children }: PropsWithChildren) {
  const silent = useSilentSignIn();
  // Grid workers' offline visits go out from here, whichever page is open.
  useVisitSync();
  useLaunch(() => {
    void silent.run();
  });
  // An address that names no page (an old link, a typo) would show a blank screen.
  usePageNotFound(() => {
    void Taro.redirectTo({ url: NOT_FOUND_PAGE });
  });
  return children;
}

export default App;
