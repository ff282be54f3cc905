import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  FIGURE_MONTH_PATTERN,
  type PublishScoreListRequest,
  type ScoreMetric,
  type UpdateScoreSchemeRequest,
} from '@doorstep/contracts';
import { Chars } from '../../common/http/chars';
import { Omittable } from '../../common/http/optional';

const Month = () => Matches(FIGURE_MONTH_PATTERN, { message: 'month must be a month as YYYY-MM' });
const Points = () => (target: object, key: string) => {
  IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 })(target, key);
  Min(0)(target, key);
  Max(100)(target, key);
};
const Thresholds = () => (target: object, key: string) => {
  IsArray()(target, key);
  ArrayMinSize(4)(target, key);
  ArrayMaxSize(4)(target, key);
  IsInt({ each: true })(target, key);
  Min(0, { each: true })(target, key);
  Max(100, { each: true })(target, key);
};

export class ScoreWeightsDto implements Record<ScoreMetric, number> {
  @IsInt() @Min(0) @Max(100) onTimeAcceptBp: number;
  @IsInt() @Min(0) @Max(100) sameDayBp: number;
  @IsInt() @Min(0) @Max(100) resolutionBp: number;
  @IsInt() @Min(0) @Max(100) satisfiedBp: number;
  @IsInt() @Min(0) @Max(100) followUpSatisfiedBp: number;
  @IsInt() @Min(0) @Max(100) complaintsPer100: number;
  @IsInt() @Min(0) @Max(100) reopenBp: number;
  @IsInt() @Min(0) @Max(100) collectionBp: number;
}

export class UpdateScoreSchemeDto implements UpdateScoreSchemeRequest {
  @IsInt() @Min(0) version: number;
  @IsObject() @ValidateNested() @Type(() => ScoreWeightsDto) weights: ScoreWeightsDto;
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }) @Min(0.1) @Max(100) complaintCeilingPer100: number;
  @Thresholds() starThresholds: [number, number, number, number];
  @Thresholds() gradeThresholds: [number, number, number, number];
  @IsInt() @Min(1) @Max(20) listSize: number;
  @Points() redMinScore: number;
  @Points() blackBelowScore: number;
  @IsInt() @Min(0) @Max(10000) minTickets: number;
  @IsBoolean() veto: boolean;
}

export class PublishScoreListDto implements PublishScoreListRequest {
  @IsString() @Month() month: string;
  @Omittable() @IsString() @Chars(2, 200, { multiline: false }) reason?: string;
}

export class ScoreMonthQueryDto {
  @IsString() @Month() month: string;
}

export class ScoreListsQueryDto {
  @Omittable() @IsString() @Month() month?: string;
}
