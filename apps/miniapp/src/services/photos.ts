import Taro from '@tarojs/taro';
import { ENDPOINTS, type UploadView } from '@doorstep/contracts';

import { chooseFilesInBrowser } from './file-chooser';
import { downloadAuthorized, uploadFile } from './request';

/** Longest side of a photo as sent: plenty for a leaking pipe, a fraction of a phone camera's bytes. */
const MAX_EDGE_PX = 1600;
const JPEG_QUALITY = 0.8;
/** Smaller than this and already within MAX_EDGE_PX: sent as it is. */
const SMALL_ENOUGH_BYTES = 300 * 1024;

export interface PickedPhoto {
  /** A temp file path (weapp) or a blob: URL (H5); both show in <Image src>. */
  path: string;
  size: number;
  /** H5: the bytes themselves (uploaded from memory; see uploadFile). */
  file?: Blob;
}

export interface PickResult {
  photos: PickedPhoto[];
  /** Files chosen that are not pictures (a PDF, a document): not added, and the person is told. */
  refused: number;
}

/** Album or camera; at most `count` photos. Resolves with none when the user cancels. */
export async function pickPhotos(count: number): Promise<PickResult> {
  if (count <= 0) return { photos: [], refused: 0 };
  if (process.env.TARO_ENV === 'h5') return pickInBrowser(count);
  try {
    // The mini-program's album and camera only ever give pictures.
    const res = await Taro.chooseImage({ count, sizeType: ['compressed'], sourceType: ['album', 'camera'] });
    return { photos: res.tempFiles.map((f) => ({ path: f.path, size: f.size })), refused: 0 };
  } catch {
    // Cancelled (or permission refused): nothing picked.
    return { photos: [], refused: 0 };
  }
}

/** The browser's chooser, pictures only; anything else picked is counted as refused. */
async function pickInBrowser(count: number): Promise<PickResult> {
  const files = await chooseFilesInBrowser('image/*', count > 1);
  const pictures = files.filter((f) => f.type.startsWith('image/'));
  return {
    photos: pictures.slice(0, count).map((f) => ({ path: URL.createObjectURL(f), size: f.size, file: f })),
    refused: files.length - pictures.length,
  };
}

/**
 * Shrinks a photo on the phone before it is uploaded. The mini-program has compressImage; the
 * browser has none (Taro's H5 compressImage is a stub), so H5 redraws it on a canvas as JPEG.
 * Falls back to the original when compression fails: a larger upload beats no upload.
 */
export async function compressPhoto(photo: PickedPhoto): Promise<PickedPhoto> {
  try {
    if (process.env.TARO_ENV === 'h5') return await compressInBrowser(photo);
    const res = await Taro.compressImage({ src: photo.path, quality: JPEG_QUALITY * 100, compressedWidth: MAX_EDGE_PX });
    return { path: res.tempFilePath, size: photo.size };
  } catch {
    return photo;
  }
}

function loadImage(src: string): Promise<HTMLImageElement> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('image'));
    img.src = src;
  });
}

async function compressInBrowser(photo: PickedPhoto): Promise<PickedPhoto> {
  const img = await loadImage(photo.path);
  const longest = Math.max(img.naturalWidth, img.naturalHeight);
  if (longest <= MAX_EDGE_PX && photo.size <= SMALL_ENOUGH_BYTES) return photo;
  const scale = Math.min(1, MAX_EDGE_PX / longest);
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(img.naturalWidth * scale));
  canvas.height = Math.max(1, Math.round(img.naturalHeight * scale));
  const context = canvas.getContext('2d');
  if (!context) return photo;
  // JPEG has no transparency: a white background instead of black for PNG screenshots.
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(img, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
  if (!blob || blob.size >= photo.size) return photo;
  return { path: URL.createObjectURL(blob), size: blob.size, file: blob };
}

/** Compresses and uploads one photo; the id goes into a report's or a resolution's photoIds. */
export async function uploadPhoto(photo: PickedPhoto): Promise<UploadView> {
  const ready = await compressPhoto(photo);
  return uploadFile(ENDPOINTS.upload, ready.file ?? ready.path);
}

const localCopies = new Map<string, Promise<string>>();

/**
 * A displayable local copy of a photo the API serves only to signed-in callers (TicketPhotoView url
 * or thumbUrl). The bytes behind an address never change, so each is fetched once per run.
 */
export function photoSource(url: string): Promise<string> {
  let copy = localCopies.get(url);
  if (!copy) {
    copy = downloadAuthorized(url);
    localCopies.set(url, copy);
    // A failure is not remembered: the next attempt tries again.
    copy.catch(() => localCopies.delete(url));
  }
  return copy;
}
