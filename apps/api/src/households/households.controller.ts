import { Body, Controller, Get, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { HouseholdImportResult, HouseholdView, Page } from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../common/auth/caller';
import { Requires, SignedIn } from '../common/auth/route-access';
import { badRequest } from '../common/errors/domain-error';
import { IdParam } from '../common/http/validation';
import { CreateHouseholdDto, ImportQuery, ListHouseholdsQuery, UpdateHouseholdDto } from './dto/households.dto';
import { HouseholdImportService } from './household-import.service';
import { HouseholdsService } from './households.service';

@ApiTags('households')
@Controller()
export class HouseholdsController {
  constructor(
    private readonly households: HouseholdsService,
    private readonly importer: HouseholdImportService,
  ) {}

  @Requires('household.write')
  @Post('households')
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateHouseholdDto): Promise<HouseholdView> {
    return this.households.create(caller, dto);
  }

  /** Households of one compound, building or grid; phones masked and care tags hidden unless permitted. */
  @Requires('household.read')
  @Get('households')
  list(@CurrentCaller() caller: Caller, @Query() query: ListHouseholdsQuery): Promise<Page<HouseholdView>> {
    return this.households.list(caller, query);
  }

  /** Staff in scope, or a verified member of this household. */
  @SignedIn()
  @Get('households/:id')
  get(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<HouseholdView> {
    return this.households.get(caller, id);
  }

  @Requires('household.write')
  @Patch('households/:id')
  update(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() dto: UpdateHouseholdDto): Promise<HouseholdView> {
    return this.households.update(caller, id, dto);
  }

  /**
   * Import a CSV or XLSX household list (columns 楼栋, 单元, 房号, 面积, and optionally 业主姓名, 手机号,
   * 标签). Any bad row rejects the file with 422 IMPORT_INVALID_ROWS listing every row and column.
   */
  @Requires('household.import')
  @Post('compounds/:id/households/import')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  async import(
    @CurrentCaller() caller: Caller,
    @IdParam() id: number,
    @Query() query: ImportQuery,
    @Req() request: FastifyRequest,
  ): Promise<HouseholdImportResult> {
    const file = await request.file();
    if (!file) throw badRequest('VALIDATION_FAILED', [{ field: 'file', problems: ['attach the sheet as the file field'] }]);
    return this.importer.import(caller, id, await file.toBuffer(), query.dryRun ?? false);
  }
}
