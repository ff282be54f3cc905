import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Building } from '../places/building.entity';
import { Household } from './household.entity';
import { HouseholdTag } from './household-tag.entity';
import { HouseholdImportService } from './household-import.service';
import { HouseholdsController } from './households.controller';
import { HouseholdsService } from './households.service';
import { SheetReader } from './sheet-reader';

@Module({
  imports: [TypeOrmModule.forFeature([Household, HouseholdTag, Building])],
  controllers: [HouseholdsController],
  providers: [HouseholdsService, HouseholdImportService, SheetReader],
  exports: [HouseholdsService],
})
export class HouseholdsModule {}
