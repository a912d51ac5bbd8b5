import { describe, expect, it } from 'vitest';
import { QrTailEncoder, encodeQr, qrRectangles } from './letters.qr.js';
import { formatCode, generateCode } from './voucher-code.js';

describe('QR codes from a learnt example: the same modules as encoding each link', () => {
  it.each([
    'https://buurtkracht.example',
    'http://localhost:3000',
    // Longer than a version-4 symbol holds, and not ASCII.
    'https://participatie.súdwest-fryslân.nl/gemeente/buurtkracht/bewoners',
  ])('for links on %s', (publicUrl) => {
    const prefix = `${publicUrl}/buurtbudget?code=`;
    const encoder = new QrTailEncoder(prefix, formatCode('22222222222222'));
    for (let i = 0; i < 100; i++) {
      const code = formatCode(generateCode());
      expect(encoder.encode(code)).toEqual(encodeQr(Buffer.from(prefix + code)));
    }
  });

  it('encodes a tail of another length or with other characters on its own', () => {
    const encoder = new QrTailEncoder('https://buurtkracht.example/buurtbudget?code=', 'XXXX-XXXX-XXXX-XX');
    for (const tail of ['ABCD', 'ABCD-EFGH-JKMN-PQRS', 'ÄBCD-EFGH-JKMN']) {
      expect(encoder.encode(tail)).toEqual(
        encodeQr(Buffer.from(`https://buurtkracht.example/buurtbudget?code=${tail}`)),
      );
    }
  });
});

describe('QR rectangles: every dark module covered once, nothing else', () => {
  it('covers exactly the dark modules', () => {
    const qr = encodeQr(
      Buffer.from(`https://buurtkracht.example/buurtbudget?code=${formatCode(generateCode())}`),
    );
    const covered = new Uint8Array(qr.size * qr.size);
    const lines = qrRectangles(qr).toString('latin1').trim().split('\n');
    for (const line of lines) {
      const [x = 0, y = 0, w = 0, h = 0] = line.replace(/ re$/, '').split(' ').map(Number);
      for (let row = y; row < y + h; row++)
        for (let col = x; col < x + w; col++) covered[row * qr.size + col]! += 1;
    }
    expect(covered).toEqual(qr.dark);
    // Fewer rectangles than runs of dark modules in rows: runs repeated below are merged.
    const runs = Array.from(
      { length: qr.size },
      (_, row) =>
        Array.from(qr.dark.subarray(row * qr.size, (row + 1) * qr.size))
          .join('')
          .split(/0+/)
          .filter(Boolean).length,
    ).reduce((a, b) => a + b);
    expect(lines.length).toBeLessThan(runs);
  });
});
