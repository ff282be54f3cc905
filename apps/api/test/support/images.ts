import sharp from 'sharp';

/** Test images made on the spot with sharp, and just enough JPEG/EXIF reading to check what was stored. */

const solid = (width: number, height: number, channels: 3 | 4 = 3, alpha = 1) =>
  sharp({ create: { width, height, channels, background: { r: 200, g: 120, b: 40, alpha } } });

/** A camera-like JPEG carrying EXIF with a GPS position (Beijing), a maker and a model. */
export function jpegWithGps(width = 3000, height = 2000): Promise<Buffer> {
  return solid(width, height)
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'DoorstepTestCam', Model: 'GPS-1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 2725/100', GPSLongitudeRef: 'E', GPSLongitude: '116/1 23/1 2939/100' },
    })
    .toBuffer();
}

/** A JPEG whose pixels are stored sideways with EXIF orientation 6 (rotate 90° clockwise to view). */
export function sidewaysJpeg(width = 400, height = 200): Promise<Buffer> {
  return solid(width, height).jpeg().withMetadata({ orientation: 6 }).toBuffer();
}

export function png(width = 500, height = 400, transparent = false): Promise<Buffer> {
  return (transparent ? solid(width, height, 4, 0) : solid(width, height)).png().toBuffer();
}

export function webp(width = 800, height = 600): Promise<Buffer> {
  return solid(width, height).webp().toBuffer();
}

/** Random pixels, barely compressed: big files from modest dimensions. */
export function noisyPng(width: number, height: number): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } },
  })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

export function noisyJpeg(width = 800, height = 600): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } },
  })
    .jpeg({ quality: 90 })
    .toBuffer();
}

export const tinyPng = () => png(8, 8);

/** The marker bytes (0xE0 … 0xEF for APP0 … APP15) of a JPEG's segments before the image data. */
export function jpegMarkers(jpeg: Buffer): number[] {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw new Error('not a JPEG');
  const markers: number[] = [];
  let at = 2;
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
    const marker = jpeg[at + 1];
    if (marker === 0xda) break; // start of scan: the compressed image follows
    markers.push(marker);
    at += 2 + jpeg.readUInt16BE(at + 2);
  }
  return markers;
}

/** The TIFF body of a JPEG's EXIF (APP1 "Exif\0\0") segment, or null when there is none. */
export function exifOf(jpeg: Buffer): Buffer | null {
  let at = 2;
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff && jpeg[at + 1] !== 0xda) {
    const length = jpeg.readUInt16BE(at + 2);
    const body = jpeg.subarray(at + 4, at + 2 + length);
    if (jpeg[at + 1] === 0xe1 && body.subarray(0, 6).toString('latin1') === 'Exif\0\0') return body.subarray(6);
    at += 2 + length;
  }
  return null;
}

/** Tag numbers in the EXIF GPS IFD (1 = GPSLatitudeRef, 2 = GPSLatitude, …); [] without GPS. */
export function gpsTags(jpeg: Buffer): number[] {
  const tiff = exifOf(jpeg);
  if (!tiff) return [];
  const little = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number) => (little ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (little ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const entries = (ifd: number) =>
    Array.from({ length: u16(ifd) }, (_, i) => ({ tag: u16(ifd + 2 + i * 12), value: u32(ifd + 2 + i * 12 + 8) }));
  const gpsPointer = entries(u32(4)).find((e) => e.tag === 0x8825);
  return gpsPointer ? entries(gpsPointer.value).map((e) => e.tag) : [];
}
