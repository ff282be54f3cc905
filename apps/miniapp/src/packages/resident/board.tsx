import { View } from '@tarojs/components';
import Taro, { usePullDownRefresh } from '@tarojs/taro';

import { BoardCard } from '../../components/BoardCard';
import { Screen } from '../../components/Screen';
import { StatusView } from '../../components/StatusView';
import { intParam, usePageParams } from '../../hooks/usePageParams';
import { useRemote } from '../../hooks/useRemote';
import { zh } from '../../i18n/zh';
import { getBoard } from '../../services/tickets';
import { getCompoundRating } from '../../services/rating';
import { RatingCard } from '../../components/RatingCard';

/** 小区公示: public, no sign-in needed. */
export default function BoardPage() {
  const compoundId = intParam(usePageParams().compoundId);
  const board = useRemote(() => getBoard(compoundId!), compoundId, compoundId !== null);
  // The street's verdict is a second, optional card: the board shows without it if it fails.
  const rating = useRemote(() => getCompoundRating(compoundId!), compoundId, compoundId !== null);
  usePullDownRefresh(() => void Promise.all([board.reload(), rating.reload()]).finally(() => Taro.stopPullDownRefresh()));
  let body;
  if (compoundId === null) body = <StatusView kind="error" text={zh.errors.badLink} />;
  else if (board.data)
    body = (
      <>
        <BoardCard board={board.data} />
        {rating.error ? null : (
          <>
            <View className="section__title">{zh.rating.title}</View>
            {rating.data ? <RatingCard rating={rating.data} /> : <StatusView kind="loading" />}
          </>
        )}
      </>
    );
  else if (board.error) body = <StatusView kind="error" text={board.error} onRetry={() => void board.reload()} />;
  else body = <StatusView kind="loading" />;
  return <Screen>{body}</Screen>;
}
