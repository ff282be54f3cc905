import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PhotoStorage } from './photo-storage';
import { photoStorageProvider } from './storage.provider';
import { Upload } from './upload.entity';
import { UploadReaders } from './upload-readers';
import { UploadsController } from './uploads.controller';
import { UploadsService } from './uploads.service';

/**
 * Photo uploads. Other domains import this module for UploadsService.attach / listAttached, register
 * who may read their photos with UploadReaders, and may inject PhotoStorage directly.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Upload])],
  controllers: [UploadsController],
  providers: [UploadsService, UploadReaders, photoStorageProvider],
  exports: [UploadsService, UploadReaders, PhotoStorage],
})
export class UploadsModule {}
