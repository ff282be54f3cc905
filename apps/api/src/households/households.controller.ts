import { Body, Controller, Get, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { LIMITS, type HouseholdImportResult, type HouseholdView, type Page } from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../common/auth/caller';
import { Requires, SignedIn } from '../common/auth/route-access';
import { readOneFile } from '../common/http/multipart';
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
   * 标签). Any bad row rejects the file with 422 IMPORT_INVALID_ROWS listing every row and column (also
   * for more than LIMITS.importMaxRows rows or too many cells); 422 IMPORT_UNREADABLE for a damaged file;
   * 413 PAYLOAD_TOO_LARGE beyond LIMITS.importMaxBytes or when an XLSX unpacks to too much; 503 while too
   * many imports are being read.
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
    const sheet = await readOneFile(request, { field: 'file', maxBytes: LIMITS.importMaxBytes, what: 'sheet' });
    return this.importer.import(caller, id, sheet, query.dryRun ?? false);
  }
}
