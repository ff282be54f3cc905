import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type {
  CareFrequencyView,
  GridHouseholdDetailView,
  GridHouseholdView,
  GridTodoView,
  Page,
  SyncVisitsView,
  VisitView,
} from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../common/auth/caller';
import { Requires } from '../common/auth/route-access';
import { IdParam } from '../common/http/validation';
import { CareFrequencyService } from './care-frequency.service';
import { ListGridHouseholdsQueryDto, ListVisitsQueryDto, SyncVisitsDto, UpdateCareFrequencyDto } from './dto/visits.dto';
import { GridHouseholdsService } from './grid-households.service';
import { VisitSyncService } from './visit-sync.service';
import { VisitsService } from './visits.service';

/** 民情走访: visits synced from the phone, the grid's households with care tags, the to-do, care frequencies. */
@ApiTags('visits')
@Controller()
export class VisitsController {
  constructor(
    private readonly sync: VisitSyncService,
    private readonly visits: VisitsService,
    private readonly households: GridHouseholdsService,
    private readonly frequencies: CareFrequencyService,
  ) {}

  /**
   * Up to VISIT_LIMITS.batchMax visits in the order they were made; each is stored once per clientId
   * and answered stored / duplicate / refused (with a message), in the order sent. 400 only when the
   * request itself is malformed.
   */
  @Requires('visit.log')
  @Post('visits/sync')
  @HttpCode(200)
  syncVisits(@CurrentCaller() caller: Caller, @Body() dto: SyncVisitsDto): Promise<SyncVisitsView> {
    return this.sync.sync(caller, dto.visits);
  }

  @Requires('household.care')
  @Get('visits')
  listVisits(@CurrentCaller() caller: Caller, @Query() query: ListVisitsQueryDto): Promise<Page<VisitView>> {
    return this.visits.list(caller, query);
  }

  @Requires('household.care')
  @Get('grid/households')
  listHouseholds(@CurrentCaller() caller: Caller, @Query() query: ListGridHouseholdsQueryDto): Promise<Page<GridHouseholdView>> {
    return this.households.list(caller, query);
  }

  @Requires('household.care')
  @Get('grid/households/:id')
  getHousehold(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<GridHouseholdDetailView> {
    return this.households.get(caller, id);
  }

  @Requires('household.care')
  @Get('grid/todo')
  todo(@CurrentCaller() caller: Caller): Promise<GridTodoView> {
    return this.households.todo(caller);
  }

  @Requires('household.care')
  @Get('communities/:id/care-frequency')
  getCareFrequency(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<CareFrequencyView> {
    return this.frequencies.get(caller, id);
  }

  @Requires('grid.write')
  @Patch('communities/:id/care-frequency')
  updateCareFrequency(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Body() dto: UpdateCareFrequencyDto,
  ): Promise<CareFrequencyView> {
    return this.frequencies.update(caller, id, dto);
  }
}
