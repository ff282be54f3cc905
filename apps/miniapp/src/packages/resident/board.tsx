import Taro, { usePullDownRefresh } from '@tarojs/taro';

import { BoardCard } from '../../components/BoardCard';
import { Screen } from '../../components/Screen';
import { StatusView } from '../../components/StatusView';
import { intParam, usePageParams } from '../../hooks/usePageParams';
import { useRemote } from '../../hooks/useRemote';
import { zh } from '../../i18n/zh';
import { getBoard } from '../../services/tickets';

/** 小区公示: public, no sign-in needed. */
export default function BoardPage() {
  const compoundId = intParam(usePageParams().compoundId);
  const board = useRemote(() => getBoard(compoundId!), compoundId, compoundId !== null);
  usePullDownRefresh(() => void board.reload().finally(() => Taro.stopPullDownRefresh()));
  let body;
  if (compoundId === null) body = <StatusView kind="error" text={zh.errors.badLink} />;
  else if (board.data) body = <BoardCard board={board.data} />;
  else if (board.error) body = <StatusView kind="error" text={board.error} onRetry={() => void board.reload()} />;
  else body = <StatusView kind="loading" />;
  return <Screen>{body}</Screen>;
}
