import { IsString, Matches } from 'class-validator';
import {
  RECONCILIATION_DATE_PATTERN,
  type ReconciliationListQuery,
  type ReconciliationRunRequest,
  type ReconciliationScopeQuery,
} from '@doorstep/contracts';
import { Omittable } from '../../common/http/optional';
import { QueryId } from '../../common/http/validation';
import { PageQueryDto } from '../../common/pagination/keyset';

export class ReconciliationRunDto implements ReconciliationRunRequest {
  @IsString()
  @Matches(RECONCILIATION_DATE_PATTERN, { message: 'date must be a day as YYYY-MM-DD' })
  date: string;
}

export class ReconciliationListQueryDto extends PageQueryDto implements ReconciliationListQuery {
  @Omittable() @QueryId() compoundId?: number;
}

export class ReconciliationScopeQueryDto implements ReconciliationScopeQuery {
  @Omittable() @QueryId() compoundId?: number;
}
