import { useCallback, useRef, useState } from 'react';

import type { PhotoTile } from '../components/PhotoGrid';
import { pickPhotos, uploadPhoto } from '../services/photos';
import { errorMessage } from '../services/request';
import { toast } from '../services/toast';

interface UploadTile extends PhotoTile {
  uploadId?: number;
}

export interface PhotoUploadsState {
  tiles: PhotoTile[];
  max: number;
  /** Ids of the photos uploaded so far, in the order they were picked. */
  ids: number[];
  add: () => Promise<void>;
  remove: (key: string) => void;
  reset: () => void;
}

let sequence = 0;

/**
 * Photos picked for a report or a resolution: each is compressed on the phone and uploaded at once,
 * one after another (kind to a cheap phone and a weak network), so submitting only sends ids.
 */
export function usePhotoUploads(max: number): PhotoUploadsState {
  const [tiles, setTiles] = useState<UploadTile[]>([]);
  const current = useRef<UploadTile[]>([]);
  const picking = useRef(false);

  const patch = useCallback((next: (tiles: UploadTile[]) => UploadTile[]) => {
    current.current = next(current.current);
    setTiles(current.current);
  }, []);

  const add = useCallback(async () => {
    if (picking.current) return;
    picking.current = true;
    try {
      const picked = await pickPhotos(max - current.current.length);
      const added = picked.map((photo) => ({ photo, key: `photo-${++sequence}` }));
      patch((list) => [...list, ...added.map(({ photo, key }) => ({ key, src: photo.path, status: 'uploading' as const }))]);
      for (const { photo, key } of added) {
        try {
          const uploaded = await uploadPhoto(photo);
          patch((list) => list.map((t) => (t.key === key ? { ...t, status: 'done' as const, uploadId: uploaded.id } : t)));
        } catch (error) {
          patch((list) => list.map((t) => (t.key === key ? { ...t, status: 'failed' as const } : t)));
          toast(errorMessage(error));
        }
      }
    } finally {
      picking.current = false;
    }
  }, [max, patch]);

  const remove = useCallback((key: string) => patch((list) => list.filter((t) => t.key !== key)), [patch]);
  const reset = useCallback(() => patch(() => []), [patch]);

  const ids = tiles.filter((t) => t.status === 'done' && t.uploadId !== undefined).map((t) => t.uploadId!);
  return { tiles, max, ids, add, remove, reset };
}
