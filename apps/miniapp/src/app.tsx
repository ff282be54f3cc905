import type { PropsWithChildren } from 'react';
import { useLaunch } from '@tarojs/taro';

import { useSilentSignIn } from './hooks/useSilentSignIn';
import './app.scss';

/** Root component; `children` is the page being shown. Signs in silently with WeChat on weapp. */
function App({ children }: PropsWithChildren) {
  const silent = useSilentSignIn();
  useLaunch(() => {
    void silent.run();
  });
  return children;
}

export default App;
