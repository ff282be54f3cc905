import { Module } from '@nestjs/common';
import { XlsxModule } from '../common/xlsx/xlsx.module';
import { FiguresController } from './figures.controller';
import { FiguresService } from './figures.service';

/** 考核指标 (issue 11): the monthly figures every level is judged by, computed from the records. */
@Module({
  imports: [XlsxModule],
  controllers: [FiguresController],
  providers: [FiguresService],
  exports: [FiguresService],
})
export class FiguresModule {}
