import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import {
  FIGURE_MONTH_PATTERN,
  FIGURE_SCOPES,
  FIGURE_TICKET_FILTERS,
  type FigureScope,
  type FiguresQuery,
  type FigureTicketFilter,
  type FigureTicketsQuery,
} from '@doorstep/contracts';
import { QueryId } from '../../common/http/validation';
import { PageQueryDto } from '../../common/pagination/keyset';

export class FiguresQueryDto implements FiguresQuery {
  @IsIn(FIGURE_SCOPES) scope: FigureScope;
  @QueryId() id: number;
  @IsString() @Matches(FIGURE_MONTH_PATTERN, { message: 'month must be a month as YYYY-MM' }) month: string;
}

export class FigureTicketsQueryDto extends PageQueryDto implements FigureTicketsQuery {
  @IsIn(FIGURE_SCOPES) scope: FigureScope;
  @QueryId() id: number;
  @IsString() @Matches(FIGURE_MONTH_PATTERN, { message: 'month must be a month as YYYY-MM' }) month: string;
  @IsIn(FIGURE_TICKET_FILTERS) filter: FigureTicketFilter;
  @IsOptional() @QueryId() compoundId?: number;
}
