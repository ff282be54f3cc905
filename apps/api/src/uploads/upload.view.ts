import { API_PREFIX } from '@doorstep/contracts';
import type { Upload } from './upload.entity';

/** A photo as the API shows it. `url` and `thumbUrl` need the same sign-in as the metadata. */
export interface UploadView {
  id: number;
  url: string;
  thumbUrl: string;
  width: number;
  height: number;
  mime: string;
  bytes: number;
}

export function uploadView(upload: Upload): UploadView {
  return {
    id: upload.id,
    url: `${API_PREFIX}/uploads/${upload.id}/file`,
    thumbUrl: `${API_PREFIX}/uploads/${upload.id}/thumb`,
    width: upload.width,
    height: upload.height,
    mime: upload.mime,
    bytes: upload.bytes,
  };
}
