import sharp, { type OutputInfo, type SharpOptions } from 'sharp';
import { DomainError } from '../common/errors/domain-error';
import type { ImageType } from './image-type';

/** Long side of the stored display image: sharp on a phone screen, a fraction of a camera original. */
export const DISPLAY_MAX_EDGE = 2048;
export const THUMB_MAX_EDGE = 320;
/**
 * Decoding refuses larger images. It covers 50-megapixel phone photos but stops a small PNG that
 * inflates to gigabytes (a decompression bomb) before it takes the server's memory.
 */
export const MAX_INPUT_PIXELS = 60_000_000;

export interface EncodedImage {
  data: Buffer;
  width: number;
  height: number;
  mime: 'image/jpeg';
}

export interface ProcessedPhoto {
  display: EncodedImage;
  thumb: EncodedImage;
}

const unreadable = (message?: string) => new DomainError('UPLOAD_UNREADABLE_IMAGE', 422, undefined, message);

/**
 * Turns an uploaded photo into what we store: upright (EXIF orientation applied, since the tag itself is
 * dropped), at most DISPLAY_MAX_EDGE px, re-encoded as JPEG — every old WeChat client shows JPEG, while
 * WebP needs an opt-in on some — and a thumbnail. sharp writes no metadata unless asked (withMetadata /
 * keepExif), so EXIF with GPS position, camera serials and embedded previews is gone from both; colour
 * profiles are converted to sRGB. Transparent areas (screenshots, stickers) become white, not black.
 */
export async function processPhoto(input: Buffer, expected: ImageType): Promise<ProcessedPhoto> {
  // failOn 'error' rejects truncated and corrupt data but tolerates the harmless warnings some
  // phone encoders trigger (stray bytes between markers).
  const options: SharpOptions = { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS };
  let display: OutputInfo & { data: Buffer };
  try {
    const meta = await sharp(input, options).metadata();
    // The magic bytes said one format; a decoder that sees another means a crafted file.
    if (meta.format !== expected) throw unreadable();
    const { data, info } = await sharp(input, options)
      .rotate()
      .resize({ width: DISPLAY_MAX_EDGE, height: DISPLAY_MAX_EDGE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, progressive: true })
      .toBuffer({ resolveWithObject: true });
    display = { ...info, data };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    // sharp checks limitInputPixels against the header, before decoding any pixel data.
    if (/pixel limit/i.test((error as Error).message)) throw unreadable('图片尺寸过大，请压缩后再上传');
    // Anything else the decoder refuses is the file's fault (truncated, corrupt), never a server error.
    throw unreadable();
  }
  // The thumbnail comes from the already upright, small display image: cheaper than decoding again.
  const { data: thumbData, info: thumbInfo } = await sharp(display.data)
    .resize({ width: THUMB_MAX_EDGE, height: THUMB_MAX_EDGE, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 75 })
    .toBuffer({ resolveWithObject: true });
  return {
    display: { data: display.data, width: display.width, height: display.height, mime: 'image/jpeg' },
    thumb: { data: thumbData, width: thumbInfo.width, height: thumbInfo.height, mime: 'image/jpeg' },
  };
}
