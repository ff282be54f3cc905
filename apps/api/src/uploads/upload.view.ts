import { API_PREFIX, type UploadView } from '@doorstep/contracts';

export type { UploadView };
import type { Upload } from './upload.entity';

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
