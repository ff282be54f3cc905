import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CategoriesModule } from '../categories/categories.module';
import { XlsxModule } from '../common/xlsx/xlsx.module';
import { MembershipsModule } from '../memberships/memberships.module';
import { Compound } from '../places/compound.entity';
import { QrModule } from '../qr/qr.module';
import { UploadReaders } from '../uploads/upload-readers';
import { UploadsModule } from '../uploads/uploads.module';
import { BadgesController } from './badges.controller';
import { BadgesService } from './badges.service';
import { BoardService } from './board.service';
import { CommentsService } from './comments.service';
import { EscalationService } from './escalation.service';
import { FollowersService } from './followers.service';
import { IntakeService } from './intake.service';
import { SweeperService } from './sweeper.service';
import { TicketExportService } from './ticket-export.service';
import { TicketLoader } from './ticket-loader.service';
import { TicketQueriesService } from './ticket-queries.service';
import { BoardController, TicketsController } from './tickets.controller';
import { WorkflowService } from './workflow.service';

@Module({
  imports: [TypeOrmModule.forFeature([Compound]), UploadsModule, QrModule, CategoriesModule, MembershipsModule, XlsxModule],
  controllers: [TicketsController, BoardController, BadgesController],
  providers: [
    TicketLoader,
    IntakeService,
    TicketQueriesService,
    TicketExportService,
    FollowersService,
    CommentsService,
    WorkflowService,
    EscalationService,
    SweeperService,
    BoardService,
    BadgesService,
  ],
  exports: [SweeperService, TicketLoader, WorkflowService, IntakeService],
})
export class TicketsModule implements OnModuleInit {
  constructor(
    private readonly readers: UploadReaders,
    private readonly loader: TicketLoader,
  ) {}

  /** A ticket's photos, report and after-photos alike, are seen by whoever may read the ticket. */
  onModuleInit(): void {
    // Followers see a ticket's progress, not the photos of someone's home.
    const canRead = (caller: Parameters<TicketLoader['load']>[0], ticketId: number) =>
      this.loader.load(caller, ticketId).then(
        ({ rel }) => !rel.followerOnly,
        () => false,
      );
    this.readers.register('ticket', canRead);
    this.readers.register('ticket_resolve', canRead);
  }
}
