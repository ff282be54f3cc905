import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type {
  BuildingView,
  CommunityView,
  CompanyView,
  CompoundView,
  GridView,
  HouseholdOption,
  StreetView,
} from '@doorstep/contracts';
import { SignedIn } from '../common/auth/route-access';
import { IdParam } from '../common/http/validation';
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
  NamedPageQuery,
  UpdateBuildingDto,
  UpdateCommunityDto,
  UpdateCompanyDto,
  UpdateCompoundDto,
  UpdateGridDto,
  UpdateStreetDto,
} from './dto/places.dto';
import { GridsService } from './grids.service';
import { PlaceController } from './place.controller';
import { StreetsService } from './streets.service';

@ApiTags('places')
@Controller('streets')
export class StreetsController extends PlaceController<StreetView>({
  read: 'street.read',
  write: 'street.write',
  createBody: CreateStreetDto,
  updateBody: UpdateStreetDto,
  listQuery: NamedPageQuery,
}) {
  constructor(protected readonly places: StreetsService) {
    super();
  }
}

@ApiTags('places')
@Controller('communities')
export class CommunitiesController extends PlaceController<CommunityView>({
  read: 'community.read',
  write: 'community.write',
  createBody: CreateCommunityDto,
  updateBody: UpdateCommunityDto,
  listQuery: ListCommunitiesQuery,
}) {
  constructor(protected readonly places: CommunitiesService) {
    super();
  }
}

@ApiTags('places')
@Controller('grids')
export class GridsController extends PlaceController<GridView>({
  read: 'grid.read',
  write: 'grid.write',
  createBody: CreateGridDto,
  updateBody: UpdateGridDto,
  listQuery: ListGridsQuery,
}) {
  constructor(protected readonly places: GridsService) {
    super();
  }
}

@ApiTags('places')
@Controller('companies')
export class CompaniesController extends PlaceController<CompanyView>({
  read: 'company.read',
  write: 'company.write',
  createBody: CreateCompanyDto,
  updateBody: UpdateCompanyDto,
  listQuery: NamedPageQuery,
}) {
  constructor(protected readonly places: CompaniesService) {
    super();
  }
}

/** Compounds anyone signed in may read by id (a scanned code); the list holds those the caller works or lives in. */
@ApiTags('places')
@Controller('compounds')
export class CompoundsController extends PlaceController<CompoundView>({
  read: 'signed-in',
  write: 'compound.write',
  createBody: CreateCompoundDto,
  updateBody: UpdateCompoundDto,
  listQuery: ListCompoundsQuery,
}) {
  constructor(protected readonly places: CompoundsService) {
    super();
  }
}

@ApiTags('places')
@Controller('buildings')
export class BuildingsController extends PlaceController<BuildingView>({
  read: 'signed-in',
  write: 'building.write',
  createBody: CreateBuildingDto,
  updateBody: UpdateBuildingDto,
  listQuery: ListBuildingsQuery,
}) {
  constructor(protected readonly places: BuildingsService) {
    super();
  }

  /** Units and rooms, for a resident picking their home. */
  @SignedIn()
  @Get(':id/household-options')
  householdOptions(@IdParam() id: number): Promise<HouseholdOption[]> {
    return this.places.householdOptions(id);
  }
}
