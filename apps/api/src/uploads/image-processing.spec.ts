import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { DomainError } from '../common/errors/domain-error';
import { DISPLAY_MAX_EDGE, MAX_INPUT_PIXELS, processPhoto, THUMB_MAX_EDGE } from './image-processing';

const solid = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#3366cc' } });

/** A PNG whose header claims `width` × `height` pixels though the data is tiny (a decompression bomb's shape). */
function pngClaiming(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (data: Buffer) => {
    let c = 0xffffffff;
    for (const byte of data) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, deflate, no filter method, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    return error as DomainError;
  }
  throw new Error('processPhoto accepted the input');
}

describe('processPhoto', () => {
  it('fits the display image into 2048 px and the thumbnail into 320 px, both JPEG', async () => {
    const out = await processPhoto(await solid(4000, 1000).png().toBuffer(), 'png');
    expect(out.display).toMatchObject({ width: DISPLAY_MAX_EDGE, height: 512, mime: 'image/jpeg' });
    expect(out.thumb).toMatchObject({ width: THUMB_MAX_EDGE, height: 80, mime: 'image/jpeg' });
    expect(await sharp(out.display.data).metadata()).toMatchObject({ format: 'jpeg', width: 2048, height: 512 });
    expect(out.thumb.data.length).toBeLessThan(out.display.data.length);
  });

  it('never enlarges a small photo', async () => {
    const out = await processPhoto(await solid(120, 90).webp().toBuffer(), 'webp');
    expect(out.display).toMatchObject({ width: 120, height: 90 });
    expect(out.thumb).toMatchObject({ width: 120, height: 90 });
  });

  it('refuses a truncated image as unreadable (422)', async () => {
    const jpeg = await sharp({
      create: { width: 600, height: 400, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 50 } },
    })
      .jpeg()
      .toBuffer();
    const error = await refusal(processPhoto(jpeg.subarray(0, jpeg.length - 2000), 'jpeg'));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'UPLOAD_UNREADABLE_IMAGE', statusCode: 422 });
  });

  it('refuses bytes whose decoder disagrees with the sniffed type', async () => {
    const png = await solid(10, 10).png().toBuffer();
    expect(await refusal(processPhoto(png, 'jpeg'))).toMatchObject({ code: 'UPLOAD_UNREADABLE_IMAGE' });
  });

  it(`refuses images over ${MAX_INPUT_PIXELS} pixels before decoding them`, async () => {
    const error = await refusal(processPhoto(pngClaiming(10_000, 10_000), 'png'));
    expect(error).toMatchObject({ code: 'UPLOAD_UNREADABLE_IMAGE', statusCode: 422, message: '图片尺寸过大，请压缩后再上传' });
  });
});
