import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Household } from '../households/household.entity';
import { Building } from './building.entity';
import { BuildingsService } from './buildings.service';
import { CommunitiesService } from './communities.service';
import { Community } from './community.entity';
import { CompaniesService } from './companies.service';
import { PropertyCompany } from './company.entity';
import { Compound } from './compound.entity';
import { CompoundsService } from './compounds.service';
import { Grid } from './grid.entity';
import { GridsService } from './grids.service';
import {
  BuildingsController,
  CommunitiesController,
  CompaniesController,
  CompoundsController,
  GridsController,
  StreetsController,
} from './places.controllers';
import { Street } from './street.entity';
import { StreetsService } from './streets.service';

@Module({
  imports: [TypeOrmModule.forFeature([Street, Community, Grid, PropertyCompany, Compound, Building, Household])],
  controllers: [
    StreetsController,
    CommunitiesController,
    GridsController,
    CompaniesController,
    CompoundsController,
    BuildingsController,
  ],
  providers: [StreetsService, CommunitiesService, GridsService, CompaniesService, CompoundsService, BuildingsService],
})
export class PlacesModule {}
