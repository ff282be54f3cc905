import { applyDecorators } from '@nestjs/common';
import { IsDateString, IsOptional, IsString, Matches } from 'class-validator';
import { GRID_LOG_DATE_PATTERN, type CoverageQuery, type GridLogExportQuery, type GridLogQuery } from '@doorstep/contracts';
import { QueryId } from '../../common/http/validation';
import { Period } from '../../payments/dto/payments.dto';

/** A Shanghai calendar day that exists: the pattern for the shape, strict ISO 8601 for 02-30 and the like. */
const Day = (field: string) =>
  applyDecorators(
    IsString(),
    Matches(GRID_LOG_DATE_PATTERN, { message: `${field} must be a day as YYYY-MM-DD` }),
    IsDateString({ strict: true }, { message: `${field} must be a day that exists` }),
  );

export class CoverageQueryDto implements CoverageQuery {
  @IsString() @Period() period: string;
}

export class GridLogQueryDto implements GridLogQuery {
  @Day('date') date: string;
  @IsOptional() @QueryId() workerId?: number;
}

export class GridLogExportQueryDto implements GridLogExportQuery {
  @Day('from') from: string;
  @Day('to') to: string;
  @IsOptional() @QueryId() workerId?: number;
}
