import { Module } from '@nestjs/common';
import { XlsxModule } from '../common/xlsx/xlsx.module';
import { FiguresModule } from '../figures/figures.module';
import { ScoresController } from './scores.controller';
import { ScoresService } from './scores.service';

/** 物业定星、小区定级 and the 红黑榜 (issue 11), from the figures. */
@Module({
  imports: [FiguresModule, XlsxModule],
  controllers: [ScoresController],
  providers: [ScoresService],
  exports: [ScoresService],
})
export class ScoresModule {}
