import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { VISIT_LIMITS } from '@doorstep/contracts';

import type { PhotoTile } from '../../components/PhotoGrid';
import { zhGrid } from '../../i18n/grid';
import { compressPhoto, pickPhotos } from '../../services/photos';
import { toast } from '../../services/toast';
import { h5Blobs, photosFit, type QueuedPhoto } from '../../services/visit-queue';

/**
 * Photos of a visit kept on the phone until the visit is sent (there may be no network now): each is
 * compressed, then saved where it outlives the app being closed — saveFile on the mini-program (a
 * temp file may be cleaned up), the page's memory on H5 (see h5Blobs). Past the queue's photo budget
 * none is added and the worker is told.
 */
export function useLocalPhotos(initial: QueuedPhoto[]) {
  const [photos, setPhotos] = useState<QueuedPhoto[]>(initial);

  const add = useCallback(async () => {
    const { photos: picked } = await pickPhotos(VISIT_LIMITS.photosMax - photos.length);
    const kept: QueuedPhoto[] = [];
    for (const raw of picked) {
      const small = await compressPhoto(raw);
      if (!photosFit(small.size)) {
        toast(zhGrid.visit.photosFull);
        break;
      }
      kept.push(await persist(small.path, small.size, small.file));
    }
    setPhotos((list) => [...list, ...kept]);
  }, [photos.length]);

  const remove = useCallback((key: string) => setPhotos((list) => list.filter((p) => p.path !== key)), []);

  const tiles: PhotoTile[] = photos.map((p) => ({ key: p.path, src: p.path, status: 'done' }));
  return { photos, tiles, add, remove };
}

async function persist(path: string, size: number, file?: Blob): Promise<QueuedPhoto> {
  if (process.env.TARO_ENV === 'h5') {
    if (file) h5Blobs.set(path, file);
    return { path, size };
  }
  try {
    const saved = await Taro.saveFile({ tempFilePath: path });
    return { path: (saved as { savedFilePath: string }).savedFilePath, size };
  } catch {
    // Saving failed (storage full): the temp file still serves while the app stays open.
    return { path, size };
  }
}
