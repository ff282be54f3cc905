import { Module } from '@nestjs/common';
import { SheetWriter } from './sheet-writer';

/** The XLSX writer's worker pool, shared by every module that exports spreadsheets. */
@Module({ providers: [SheetWriter], exports: [SheetWriter] })
export class XlsxModule {}
