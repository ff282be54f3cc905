import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type {
  BuildingView,
  CommunityView,
  CompanyView,
  CompoundView,
  GridView,
  HouseholdOption,
  Page,
  StreetView,
} from '@doorstep/contracts';
import { CurrentCaller, type Caller } from '../common/auth/caller';
import { Requires, SignedIn } from '../common/auth/route-access';
import { IdParam } from '../common/http/validation';
import { PageQueryDto } from '../common/pagination/keyset';
import { BuildingsService } from './buildings.service';
import { CommunitiesService } from './communities.service';
import { CompaniesService } from './companies.service';
import { CompoundsService } from './compounds.service';
import {
  CreateBuildingDto,
  CreateCommunityDto,
  CreateCompanyDto,
  CreateCompoundDto,
  CreateGridDto,
  CreateStreetDto,
  ListBuildingsQuery,
  ListCommunitiesQuery,
  ListCompoundsQuery,
  ListGridsQuery,
  UpdateBuildingDto,
  UpdateCommunityDto,
  UpdateCompanyDto,
  UpdateCompoundDto,
  UpdateGridDto,
  UpdateStreetDto,
} from './dto/places.dto';
import { GridsService } from './grids.service';
import { StreetsService } from './streets.service';

@ApiTags('places')
@Controller('streets')
export class StreetsController {
  constructor(private readonly streets: StreetsService) {}

  @Requires('street.write')
  @Post()
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateStreetDto): Promise<StreetView> {
    return this.streets.create(caller, dto);
  }

  @Requires('street.read')
  @Get()
  list(@CurrentCaller() caller: Caller, @Query() query: PageQueryDto): Promise<Page<StreetView>> {
    return this.streets.list(caller, query);
  }

  @Requires('street.read')
  @Get(':id')
  get(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<StreetView> {
    return this.streets.get(caller, id);
  }

  @Requires('street.write')
  @Patch(':id')
  update(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() dto: UpdateStreetDto): Promise<StreetView> {
    return this.streets.update(caller, id, dto);
  }
}

@ApiTags('places')
@Controller('communities')
export class CommunitiesController {
  constructor(private readonly communities: CommunitiesService) {}

  @Requires('community.write')
  @Post()
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateCommunityDto): Promise<CommunityView> {
    return this.communities.create(caller, dto);
  }

  @Requires('community.read')
  @Get()
  list(@CurrentCaller() caller: Caller, @Query() query: ListCommunitiesQuery): Promise<Page<CommunityView>> {
    return this.communities.list(caller, query);
  }

  @Requires('community.read')
  @Get(':id')
  get(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<CommunityView> {
    return this.communities.get(caller, id);
  }

  @Requires('community.write')
  @Patch(':id')
  update(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() dto: UpdateCommunityDto): Promise<CommunityView> {
    return this.communities.update(caller, id, dto);
  }
}

@ApiTags('places')
@Controller('grids')
export class GridsController {
  constructor(private readonly grids: GridsService) {}

  @Requires('grid.write')
  @Post()
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateGridDto): Promise<GridView> {
    return this.grids.create(caller, dto);
  }

  @Requires('grid.read')
  @Get()
  list(@CurrentCaller() caller: Caller, @Query() query: ListGridsQuery): Promise<Page<GridView>> {
    return this.grids.list(caller, query);
  }

  @Requires('grid.read')
  @Get(':id')
  get(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<GridView> {
    return this.grids.get(caller, id);
  }

  @Requires('grid.write')
  @Patch(':id')
  update(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() dto: UpdateGridDto): Promise<GridView> {
    return this.grids.update(caller, id, dto);
  }
}

@ApiTags('places')
@Controller('companies')
export class CompaniesController {
  constructor(private readonly companies: CompaniesService) {}

  @Requires('company.write')
  @Post()
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateCompanyDto): Promise<CompanyView> {
    return this.companies.create(caller, dto);
  }

  @Requires('company.read')
  @Get()
  list(@CurrentCaller() caller: Caller, @Query() query: PageQueryDto): Promise<Page<CompanyView>> {
    return this.companies.list(caller, query);
  }

  @Requires('company.read')
  @Get(':id')
  get(@CurrentCaller() caller: Caller, @IdParam() id: number): Promise<CompanyView> {
    return this.companies.get(caller, id);
  }

  @Requires('company.write')
  @Patch(':id')
  update(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() dto: UpdateCompanyDto): Promise<CompanyView> {
    return this.companies.update(caller, id, dto);
  }
}

@ApiTags('places')
@Controller('compounds')
export class CompoundsController {
  constructor(private readonly compounds: CompoundsService) {}

  @Requires('compound.write')
  @Post()
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateCompoundDto): Promise<CompoundView> {
    return this.compounds.create(caller, dto);
  }

  /** Compounds the caller works in or lives in. */
  @SignedIn()
  @Get()
  list(@CurrentCaller() caller: Caller, @Query() query: ListCompoundsQuery): Promise<Page<CompoundView>> {
    return this.compounds.list(caller, query);
  }

  @SignedIn()
  @Get(':id')
  get(@IdParam() id: number): Promise<CompoundView> {
    return this.compounds.get(id);
  }

  @Requires('compound.write')
  @Patch(':id')
  update(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() dto: UpdateCompoundDto): Promise<CompoundView> {
    return this.compounds.update(caller, id, dto);
  }
}

@ApiTags('places')
@Controller('buildings')
export class BuildingsController {
  constructor(private readonly buildings: BuildingsService) {}

  @Requires('building.write')
  @Post()
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateBuildingDto): Promise<BuildingView> {
    return this.buildings.create(caller, dto);
  }

  @SignedIn()
  @Get()
  list(@Query() query: ListBuildingsQuery): Promise<Page<BuildingView>> {
    return this.buildings.list(query);
  }

  @SignedIn()
  @Get(':id')
  get(@IdParam() id: number): Promise<BuildingView> {
    return this.buildings.get(id);
  }

  @Requires('building.write')
  @Patch(':id')
  update(@CurrentCaller() caller: Caller, @IdParam() id: number, @Body() dto: UpdateBuildingDto): Promise<BuildingView> {
    return this.buildings.update(caller, id, dto);
  }

  /** Units and rooms, for a resident picking their home. */
  @SignedIn()
  @Get(':id/household-options')
  householdOptions(@IdParam() id: number): Promise<HouseholdOption[]> {
    return this.buildings.householdOptions(id);
  }
}
