import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { XlsxModule } from '../common/xlsx/xlsx.module';
import { TicketsModule } from '../tickets/tickets.module';
import { UploadReaders } from '../uploads/upload-readers';
import { UploadsModule } from '../uploads/uploads.module';
import { CareFrequency } from './care-frequency.entity';
import { CareFrequencyService } from './care-frequency.service';
import { CoverageService } from './coverage.service';
import { GridHouseholdsService } from './grid-households.service';
import { GridLogService } from './grid-log.service';
import { VisitAccess } from './visit-access';
import { VisitFiguresController } from './visit-figures.controller';
import { VisitSyncService } from './visit-sync.service';
import { Visit } from './visit.entity';
import { VisitsController } from './visits.controller';
import { VisitsService } from './visits.service';

/** 民情走访: grid workers' visits (offline, synced once by client id), their households and to-do. */
@Module({
  imports: [TypeOrmModule.forFeature([Visit, CareFrequency]), TicketsModule, UploadsModule, XlsxModule],
  controllers: [VisitsController, VisitFiguresController],
  providers: [
    VisitAccess,
    VisitSyncService,
    VisitsService,
    GridHouseholdsService,
    CareFrequencyService,
    CoverageService,
    GridLogService,
  ],
})
export class VisitsModule implements OnModuleInit {
  constructor(
    private readonly readers: UploadReaders,
    private readonly visits: VisitsService,
  ) {}

  /** A visit's photos are seen by whoever may read the visit: its worker, the grid's workers, the community. */
  onModuleInit(): void {
    this.readers.register('visit', (caller, visitId) => this.visits.mayRead(caller, visitId));
  }
}
