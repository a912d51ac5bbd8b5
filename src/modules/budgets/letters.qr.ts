import { createRequire } from 'node:module';
import type QRCode from 'qrcode';

const require = createRequire(import.meta.url);
/** qrcode, loaded on first use (letters only), not on every start. */
const loadQrCode = (): typeof QRCode => require('qrcode') as typeof QRCode;

/** A QR code's modules row by row (`size` × `size`), 1 for dark. */
export interface QrMatrix {
  size: number;
  dark: Uint8Array;
}

/**
 * One byte segment, level M and a fixed mask, as the letters always had: letting the library
 * choose segments and mask for every code costs more than a whole page.
 */
export function encodeQr(bytes: Uint8Array): QrMatrix {
  const qr = loadQrCode().create([{ data: bytes, mode: 'byte' }], {
    errorCorrectionLevel: 'M',
    maskPattern: 0,
  });
  return { size: qr.modules.size, dark: Uint8Array.from(qr.modules.data) };
}

/**
 * QR codes for links that differ only in their last bytes (the household code), about four times
 * faster than encoding each link.
 *
 * Why this is exact: with the segment, length, level and mask fixed, every step from the data
 * bytes to the modules is linear over bits (the error correction is polynomial division over
 * GF(256), where adding is XOR; interleaving and placing only move bits; the mask and the
 * function patterns are constant). So a link's modules are the example link's modules, XORed
 * with what each differing tail bit flips on its own, which is learnt once by encoding the
 * example with that one bit flipped. A tail of another length goes through `encodeQr`.
 */
export class QrTailEncoder {
  private readonly prefix: Buffer;
  private readonly example: Buffer;
  /** Modules per side for tails as long as the example. */
  readonly size: number;
  private readonly words: number;
  private readonly base: Uint32Array;
  /** For tail bit `b` (byte·8 + bit), the modules it flips: words `b·words … (b+1)·words − 1`. */
  private readonly flips: Uint32Array;
  private readonly scratch: Uint32Array;

  constructor(prefix: string, exampleTail: string) {
    this.prefix = Buffer.from(prefix, 'utf8');
    this.example = Buffer.from(exampleTail, 'utf8');
    const link = Buffer.concat([this.prefix, this.example]);
    const base = encodeQr(link);
    this.size = base.size;
    this.words = Math.ceil((base.size * base.size) / 32);
    this.base = pack(base.dark, this.words);
    this.scratch = new Uint32Array(this.words);
    this.flips = new Uint32Array(this.example.length * 8 * this.words);
    for (let i = 0; i < this.example.length; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const probe = Buffer.from(link);
        probe[this.prefix.length + i] = (probe[this.prefix.length + i] ?? 0) ^ (1 << bit);
        const flipped = encodeQr(probe);
        // Flipping one data bit must leave the symbol's version alone; it always does, as the
        // length is the same, but a wrong matrix here would misprint every letter.
        if (flipped.size !== base.size) throw new Error('QR version changed with one bit');
        const words = pack(flipped.dark, this.words);
        const at = (i * 8 + bit) * this.words;
        for (let w = 0; w < this.words; w++) this.flips[at + w] = (words[w] ?? 0) ^ (this.base[w] ?? 0);
      }
    }
  }

  /** The QR code of `prefix + tail`. */
  encode(tail: string): QrMatrix {
    const { example, words, flips, scratch, size } = this;
    if (tail.length !== example.length || !/^[\x20-\x7e]*$/.test(tail)) {
      return encodeQr(Buffer.concat([this.prefix, Buffer.from(tail, 'utf8')]));
    }
    scratch.set(this.base);
    for (let i = 0; i < example.length; i++) {
      let diff = tail.charCodeAt(i) ^ (example[i] ?? 0);
      for (let bit = 0; diff !== 0; bit++, diff >>>= 1) {
        if ((diff & 1) === 0) continue;
        const at = (i * 8 + bit) * words;
        for (let w = 0; w < words; w++) scratch[w] = (scratch[w] ?? 0) ^ (flips[at + w] ?? 0);
      }
    }
    const dark = new Uint8Array(size * size);
    for (let m = 0; m < dark.length; m++) dark[m] = ((scratch[m >>> 5] ?? 0) >>> (m & 31)) & 1;
    return { size, dark };
  }
}

function pack(dark: Uint8Array, words: number): Uint32Array {
  const out = new Uint32Array(words);
  for (let m = 0; m < dark.length; m++) if (dark[m]) out[m >>> 5] = (out[m >>> 5] ?? 0) | (1 << (m & 31));
  return out;
}

/**
 * The dark modules as PDF path rectangles (`x y w h re` lines, ASCII) in module units: x is the
 * column and y the row, to be filled under a transformation that scales one unit to one module.
 * Runs of dark modules in a row are one rectangle, and a run repeated in the rows below grows
 * that rectangle instead of adding one: a fifth fewer operators than a rectangle per run. Written
 * as bytes: building the text as strings took about twice as long.
 */
export function qrRectangles(qr: QrMatrix): Buffer {
  const { size, dark } = qr;
  const out = RectangleWriter.for(size);
  // Open rectangles as (start column, end column, first row) triples, by start column.
  let open = new Int32Array(size * 3);
  let next = new Int32Array(size * 3);
  let openLength = 0;
  for (let row = 0; row <= size; row++) {
    let nextLength = 0;
    let o = 0;
    let col = 0;
    while (row < size && col < size) {
      if (!dark[row * size + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && dark[row * size + col]) col++;
      // Open rectangles left of this run did not continue into this row.
      for (; o < openLength && (open[o] ?? 0) < start; o += 3) out.rectangle(open, o, row);
      const continues = o < openLength && open[o] === start && open[o + 1] === col;
      next[nextLength++] = start;
      next[nextLength++] = col;
      next[nextLength++] = continues ? (open[o + 2] ?? row) : row;
      if (continues) o += 3;
    }
    for (; o < openLength; o += 3) out.rectangle(open, o, row);
    const closed = open;
    open = next;
    next = closed;
    openLength = nextLength;
  }
  return out.bytes();
}

class RectangleWriter {
  private static shared = new RectangleWriter(Buffer.alloc(0));
  private at = 0;

  private constructor(private readonly buffer: Buffer) {}

  /** A writer for a symbol of `size` modules a side (one buffer, reused: the output is a copy). */
  static for(size: number): RectangleWriter {
    // At most one rectangle per dark module, each at most four 3-digit numbers and `re`.
    const capacity = size * size * 19;
    if (this.shared.buffer.length < capacity) this.shared = new RectangleWriter(Buffer.allocUnsafe(capacity));
    this.shared.at = 0;
    return this.shared;
  }

  /** The open rectangle at `o`, ending above `row`. */
  rectangle(open: Int32Array, o: number, row: number): void {
    const start = open[o] ?? 0;
    const top = open[o + 2] ?? 0;
    this.number(start);
    this.number(top);
    this.number((open[o + 1] ?? 0) - start);
    this.number(row - top);
    this.buffer[this.at++] = 0x72; // r
    this.buffer[this.at++] = 0x65; // e
    this.buffer[this.at++] = 0x0a;
  }

  bytes(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.at));
  }

  /** A module count (under 1,000) and a space. */
  private number(n: number): void {
    const { buffer } = this;
    if (n >= 100) buffer[this.at++] = 0x30 + Math.floor(n / 100);
    if (n >= 10) buffer[this.at++] = 0x30 + (Math.floor(n / 10) % 10);
    buffer[this.at++] = 0x30 + (n % 10);
    buffer[this.at++] = 0x20;
  }
}
