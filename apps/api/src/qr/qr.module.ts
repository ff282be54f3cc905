import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CategoriesModule } from '../categories/categories.module';
import { Building } from '../places/building.entity';
import { PosterRenderer } from './poster-renderer';
import { QrCode } from './qr-code.entity';
import { QrCodesController } from './qr-codes.controller';
import { QrCodesService } from './qr-codes.service';

/** QR codes of places and their printable posters. Exports QrCodesService.resolveActive for scan-to-report. */
@Module({
  imports: [TypeOrmModule.forFeature([QrCode, Building]), CategoriesModule],
  controllers: [QrCodesController],
  providers: [QrCodesService, PosterRenderer],
  exports: [QrCodesService],
})
export class QrModule {}
