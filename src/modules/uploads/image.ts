/** Image types a person may upload (photos of an initiative, a report, a walk finding). */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** 10 MB: a phone photo fits; anything larger is refused before decoding. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Longest side after re-encoding: enough for a page and for print. */
const MAX_SIDE = 2000;
/** Refuse decompression bombs: 50 megapixels is more than any phone camera. */
const MAX_PIXELS = 50_000_000;

export type UploadRefusal = 'empty' | 'too_large' | 'not_an_image' | 'unreadable';

export class UploadRefusedError extends Error {
  constructor(readonly reason: UploadRefusal) {
    super(`upload refused: ${reason}`);
    this.name = 'UploadRefusedError';
  }
}

/**
 * The type by the file's first bytes, not by its name or the browser's word for it: a renamed
 * executable stays refused.
 */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  const at = (i: number) => bytes[i] ?? -1;
  if (at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff) return 'image/jpeg';
  if (at(0) === 0x89 && at(1) === 0x50 && at(2) === 0x4e && at(3) === 0x47) return 'image/png';
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (ascii(4, 8) === 'ftyp' && ['heic', 'heix', 'mif1', 'msf1', 'heim', 'heis'].includes(ascii(8, 12))) {
    return 'image/heic';
  }
  return undefined;
}

export interface CleanImage {
  data: Buffer;
  mime: 'image/jpeg';
  width: number;
  height: number;
}

/**
 * What is wrong with an upload that shows without decoding it (empty, too large, not an image by
 * its first bytes), or undefined. Cheap: a form checks this with its other fields, and leaves
 * the decoding (`cleanImage`) until everything else is right.
 */
export function findUploadRefusal(bytes: Uint8Array): UploadRefusal | undefined {
  if (bytes.length === 0) return 'empty';
  if (bytes.length > MAX_UPLOAD_BYTES) return 'too_large';
  if (!sniffImageType(bytes)) return 'not_an_image';
  return undefined;
}

/**
 * Checks an uploaded image and re-encodes it as JPEG: turned upright by its EXIF orientation,
 * scaled to at most 2000 px, and without any metadata — EXIF location, camera serial numbers
 * and the like never reach storage. Throws UploadRefusedError with a reason a person can act on.
 * Decoding costs memory and CPU: call it only once the rest of the form is valid.
 */
export async function cleanImage(bytes: Buffer): Promise<CleanImage> {
  const refusal = findUploadRefusal(bytes);
  if (refusal) throw new UploadRefusedError(refusal);
  // Loaded on first use: importing sharp costs every process ~0.15 s of start-up.
  const { default: sharp } = await import('sharp');
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' })
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { data, mime: 'image/jpeg', width: info.width, height: info.height };
  } catch {
    throw new UploadRefusedError('unreadable');
  }
}
