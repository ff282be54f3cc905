import { useCallback, useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { VISIT_LIMITS } from '@doorstep/contracts';

import type { PhotoTile } from '../../components/PhotoGrid';
import { zhGrid } from '../../i18n/grid';
import { OfflinePhotosFullError, keepPhoto } from '../../services/offline-photos';
import { compressPhoto, pickPhotos } from '../../services/photos';
import { newIdempotencyKey } from '../../services/request';
import { toast } from '../../services/toast';
import { PHOTO_BYTES_MAX, h5Blobs, h5Photo, photosFit, type QueuedPhoto } from '../../services/visit-queue';

/**
 * Photos of a visit kept on the phone until the visit is sent (there may be no network now): each is
 * compressed, then saved where it outlives the app being closed — saveFile on the mini-program (a
 * temp file may be cleaned up), IndexedDB on H5 (offline-photos; a blob: URL dies with the page).
 * Past the photo budget none is added and the worker is told.
 */
export function useLocalPhotos(initial: QueuedPhoto[]) {
  const [photos, setPhotos] = useState<QueuedPhoto[]>(initial);

  // H5 after a reload: a queued visit's blob: URLs are dead; show its kept bytes under new ones.
  useEffect(() => {
    if (process.env.TARO_ENV !== 'h5') return;
    const dead = initial.filter((p) => p.key && !h5Blobs.has(p.path));
    if (dead.length === 0) return;
    let live = true;
    void Promise.all(dead.map(async (p) => [p.key!, await h5Photo(p)] as const)).then((found) => {
      if (!live) return;
      const urls = new Map<string, string>();
      for (const [key, blob] of found) {
        if (!blob) continue;
        const url = URL.createObjectURL(blob);
        h5Blobs.set(url, blob);
        urls.set(key, url);
      }
      setPhotos((list) => list.map((p) => (p.key && urls.has(p.key) ? { ...p, path: urls.get(p.key)! } : p)));
    });
    return () => {
      live = false;
    };
    // Once, for the photos the page opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const add = useCallback(async () => {
    const { photos: picked } = await pickPhotos(VISIT_LIMITS.photosMax - photos.length);
    const kept: QueuedPhoto[] = [];
    for (const raw of picked) {
      const small = await compressPhoto(raw);
      if (!photosFit(small.size)) {
        toast(zhGrid.visit.photosFull);
        break;
      }
      try {
        kept.push(await persist(small.path, small.size, small.file));
      } catch (error) {
        if (!(error instanceof OfflinePhotosFullError)) throw error;
        toast(zhGrid.visit.photosFull);
        break;
      }
    }
    setPhotos((list) => [...list, ...kept]);
  }, [photos.length]);

  const remove = useCallback((key: string) => setPhotos((list) => list.filter((p) => p.path !== key)), []);

  const tiles: PhotoTile[] = photos.map((p) => ({ key: p.path, src: p.path, status: 'done' }));
  return { photos, tiles, add, remove };
}

async function persist(path: string, size: number, file?: Blob): Promise<QueuedPhoto> {
  if (process.env.TARO_ENV === 'h5') {
    if (!file) return { path, size };
    // Kept before it is shown: what the worker sees in the form survives a reload.
    const key = newIdempotencyKey();
    await keepPhoto(key, file, PHOTO_BYTES_MAX);
    h5Blobs.set(path, file);
    return { path, size, key };
  }
  try {
    const saved = await Taro.saveFile({ tempFilePath: path });
    return { path: (saved as { savedFilePath: string }).savedFilePath, size };
  } catch {
    // Saving failed (storage full): the temp file still serves while the app stays open.
    return { path, size };
  }
}
