import type { CompoundRatingView } from '@doorstep/contracts';
import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';

import { zh } from '../i18n/zh';
import './RatingCard.scss';

/** 物业定星 on the compound's board: what the street last published about its handler, and the compound's grade. */
export function RatingCard({ rating }: { rating: CompoundRatingView }) {
  if (rating.listId === null || rating.month === null) {
    return <View className="card muted">{zh.rating.notYet}</View>;
  }
  const openList = () => void Taro.navigateTo({ url: `/packages/resident/score-list?id=${rating.listId}` });
  return (
    <View className="card rating" data-testid="rating">
      <View className="rating__head">
        <View>{rating.handler?.name}</View>
        <View className="muted">{zh.rating.published(rating.month)}</View>
      </View>
      {rating.stars !== null ? (
        <View className="rating__stars" aria-label={zh.rating.starsLabel(rating.stars)}>
          {zh.rating.stars(rating.stars)}
          {rating.score !== null ? <View className="rating__score">{zh.rating.score(rating.score)}</View> : null}
        </View>
      ) : null}
      <View className="rating__facts">
        {rating.list ? (
          <View className={`rating__tag rating__tag--${rating.list}`}>
            {rating.list === 'red' ? zh.rating.red : zh.rating.black}
          </View>
        ) : null}
        <View>{rating.rank !== null ? zh.rating.rank(rating.rank, rating.ranked) : zh.rating.unranked}</View>
        {rating.grade ? <View>{zh.rating.grade(rating.grade)}</View> : null}
      </View>
      <View className="rating__link" onClick={openList} role="link">
        {zh.rating.openList}
      </View>
    </View>
  );
}
