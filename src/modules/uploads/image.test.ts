import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cleanImage, MAX_UPLOAD_BYTES, sniffImageType, UploadRefusedError } from './image.js';

async function photoWithLocation(width = 3000, height = 1500): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Make: 'PhoneMaker', Model: 'Phone 12' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '52/1 3/1 36/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '4/1 29/1 34/1',
      },
    })
    .toBuffer();
}

async function refusal(bytes: Buffer): Promise<string> {
  try {
    await cleanImage(bytes);
    return 'accepted';
  } catch (error) {
    return error instanceof UploadRefusedError ? error.reason : 'other error';
  }
}

describe('uploaded photos', () => {
  it('loses every bit of metadata, EXIF location included', async () => {
    const original = await photoWithLocation();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const clean = await cleanImage(original);
    const meta = await sharp(clean.data).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.iptc).toBeUndefined();
    expect(clean.data.includes(Buffer.from('PhoneMaker'))).toBe(false);
  });

  it('is turned upright by its orientation and scaled to at most 2000 px', async () => {
    const clean = await cleanImage(await photoWithLocation(3000, 1500));
    // Orientation 6 (rotate 90°): the landscape pixels become a portrait photo.
    expect(clean).toMatchObject({ width: 1000, height: 2000, mime: 'image/jpeg' });
  });

  it('keeps small photos at their size', async () => {
    const small = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect(await cleanImage(small)).toMatchObject({ width: 300, height: 200 });
  });

  it('refuses what is not an image, whatever its name', async () => {
    expect(await refusal(Buffer.from('MZ\x90\x00 this is an executable'))).toBe('not_an_image');
    expect(await refusal(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBe('not_an_image');
    expect(await refusal(Buffer.alloc(0))).toBe('empty');
  });

  it('refuses a file that is too large before decoding it', async () => {
    const big = Buffer.alloc(MAX_UPLOAD_BYTES + 1);
    big.set([0xff, 0xd8, 0xff]);
    expect(await refusal(big)).toBe('too_large');
  });

  it('refuses a broken image with a JPEG header', async () => {
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]);
    expect(await refusal(broken)).toBe('unreadable');
  });

  it('recognises image types by their first bytes', () => {
    expect(sniffImageType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a]))).toBe('image/png');
    expect(sniffImageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImageType(Buffer.from('\0\0\0\x18ftypheic'))).toBe('image/heic');
    expect(sniffImageType(Buffer.from('GIF89a'))).toBeUndefined();
  });
});
