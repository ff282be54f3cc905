import { useCallback, useRef, useState } from 'react';

import type { PhotoTile } from '../components/PhotoGrid';
import { pickPhotos, uploadPhoto } from '../services/photos';
import { errorMessage } from '../services/request';
import { toast } from '../services/toast';
import { zh } from '../i18n/zh';

interface UploadTile extends PhotoTile {
  uploadId?: number;
}

export interface PhotoUploadsState {
  tiles: PhotoTile[];
  max: number;
  /** Ids of the photos uploaded so far, in the order they were picked. */
  ids: number[];
  /** Why the last pick added nothing, in words (a file that is not a photo); null otherwise. */
  error: string | null;
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
  const [error, setError] = useState<string | null>(null);
  const current = useRef<UploadTile[]>([]);
  const picking = useRef(false);

  const patch = useCallback((next: (tiles: UploadTile[]) => UploadTile[]) => {
    current.current = next(current.current);
    setTiles(current.current);
  }, []);

  const add = useCallback(async () => {
    if (picking.current) return;
    picking.current = true;
    setError(null);
    try {
      const { photos: picked, refused } = await pickPhotos(max - current.current.length);
      if (refused > 0) {
        setError(zh.report.notAPhoto);
        toast(zh.report.notAPhoto);
      }
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

  const remove = useCallback(
    (key: string) => {
      setError(null);
      patch((list) => list.filter((t) => t.key !== key));
    },
    [patch],
  );
  const reset = useCallback(() => {
    setError(null);
    patch(() => []);
  }, [patch]);

  const ids = tiles.filter((t) => t.status === 'done' && t.uploadId !== undefined).map((t) => t.uploadId!);
  return { tiles, max, ids, error, add, remove, reset };
}
