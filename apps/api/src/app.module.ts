import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import { AccessModule } from './access/access.module';
import { AuthModule } from './auth/auth.module';
import { Clock } from './common/clock';
import type { AppConfig } from './common/config/app-config';
import { AppConfigModule } from './common/config/config.module';
import { HealthController } from './health/health.controller';
import { HouseholdsModule } from './households/households.module';
import { MembershipsModule } from './memberships/memberships.module';
import { PlacesModule } from './places/places.module';
import { QrModule } from './qr/qr.module';
import { SeedModule } from './seed/seed.module';
import { UsersModule } from './users/users.module';
import { IdempotencyModule } from './common/idempotency/idempotency.module';
import { NotificationsModule } from './notifications/notifications.module';
import { CategoriesModule } from './categories/categories.module';
import { TicketsModule } from './tickets/tickets.module';
import { UploadsModule } from './uploads/uploads.module';
import { WechatModule } from './wechat/wechat.module';
import { PaymentsModule } from './payments/payments.module';
import { VisitsModule } from './visits/visits.module';
import { FiguresModule } from './figures/figures.module';
import { ScoresModule } from './scores/scores.module';

@Module({})
class ClockModule {}

/** The whole API. Configuration and database options are resolved before Nest starts (see app.factory). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, database: DataSourceOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        { module: ClockModule, global: true, providers: [Clock], exports: [Clock] },
        TypeOrmModule.forRoot({ ...database, migrationsRun: true }),
        AccessModule,
        WechatModule,
        IdempotencyModule,
        NotificationsModule,
        AuthModule,
        PlacesModule,
        HouseholdsModule,
        MembershipsModule,
        UsersModule,
        UploadsModule,
        QrModule,
        CategoriesModule,
        TicketsModule,
        PaymentsModule,
        VisitsModule,
        FiguresModule,
        ScoresModule,
        SeedModule,
      ],
      controllers: [HealthController],
    };
  }
}
