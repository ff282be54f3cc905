import { resolve } from 'node:path';
import type { Provider } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../common/config/app-config';
import { LocalPhotoStorage } from './local-photo-storage';
import { PhotoStorage } from './photo-storage';
import { S3PhotoStorage } from './s3-photo-storage';

/** The backend named by STORAGE; validateConfig has already made sure S3 has what it needs. */
export function createPhotoStorage(config: AppConfig): PhotoStorage {
  if (config.STORAGE === 's3') {
    return new S3PhotoStorage({
      endpoint: config.S3_ENDPOINT,
      region: config.S3_REGION,
      bucket: config.S3_BUCKET!,
      accessKeyId: config.S3_ACCESS_KEY_ID!,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY!,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
    });
  }
  return new LocalPhotoStorage(resolve(config.DATA_DIR, 'uploads'));
}

/** `constructor(private readonly storage: PhotoStorage)` anywhere that imports UploadsModule. */
export const photoStorageProvider: Provider = {
  provide: PhotoStorage,
  useFactory: createPhotoStorage,
  inject: [APP_CONFIG],
};
