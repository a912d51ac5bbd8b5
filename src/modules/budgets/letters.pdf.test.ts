import { Writable } from 'node:stream';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { unplainFigures } from '../../../test/helpers/plain-text.js';
import { LetterWriter, type Letter } from './letters.pdf.js';
import { readLetters, referenceQr } from './letters.test-helpers.js';
import { formatCode, generateCode } from './voucher-code.js';

const run = {
  municipalityName: 'Súdwest-Fryslân',
  year: 2026,
  amountCents: 1250,
  scope: 'buurt' as const,
  closesOn: '2026-12-31',
  publicUrl: 'https://buurtkracht.example',
};

/** The strings of each `TJ`, joined: kerning splits words (`[(Aan de be) 20 (w) …] TJ`). */
function shown(content: string | undefined): string[] {
  return [...(content ?? '').matchAll(/\[(.*)\] TJ/g)].map((m) =>
    [...(m[1] ?? '').matchAll(/\(((?:\\.|[^\\)])*)\)/g)].map((s) => s[1]).join(''),
  );
}

function unaddressed(count: number): Letter[] {
  return Array.from({ length: count }, () => ({ code: generateCode(), buurtName: 'Dorp', address: null }));
}

async function write(letters: Letter[]): Promise<{ pdf: Buffer; count: number }> {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  const writer = new LetterWriter(out, run);
  for (const letter of letters) writer.add(letter);
  const count = await writer.end(out);
  return { pdf: Buffer.concat(chunks), count };
}

describe('letters PDF: one valid A4 page per letter, for any number of letters', () => {
  it('has a page tree and cross-reference table a reader can follow, past 1,024 pages', async () => {
    const letters = unaddressed(1100);
    const { pdf, count } = await write(letters);
    expect(count).toBe(1100);
    const pages = readLetters(pdf);
    expect(pages.map((p) => p.code)).toEqual(letters.map((l) => formatCode(l.code)));
  });
});

describe('letters PDF: the QR code opens the pledge page with the printed code filled in', () => {
  it('draws, module for module, the QR code of the link with the code on the page', async () => {
    const letters = unaddressed(50);
    const pages = readLetters((await write(letters)).pdf);
    for (const page of pages) {
      expect(page.qr).toEqual(referenceQr(`${run.publicUrl}/buurtbudget?code=${page.code}`));
      // 45 mm square (quiet zone included), right of the instructions.
      expect(page.qrBox?.left).toBeCloseTo(140, 2);
      expect(page.qrBox?.top).toBeCloseTo(175, 2);
      expect(page.qrBox?.side).toBeCloseTo(45, 2);
    }
  });

  it('draws a code outside the alphabet too (encoded on its own)', async () => {
    const [page] = readLetters(
      (await write([{ code: 'ÄBCDEFGHJKMN', buurtName: 'Dorp', address: null }])).pdf,
    );
    expect(page?.qr).toEqual(referenceQr(`${run.publicUrl}/buurtbudget?code=ÄBCD-EFGH-JKMN`));
  });
});

describe('letters PDF: the text', () => {
  it('addresses the household, or the buurt without an address, and prints the code in groups of four', async () => {
    const [withAddress, withoutAddress] = readLetters(
      (
        await write([
          {
            code: '23456789ACDEFG',
            buurtName: 'Dorp',
            address: {
              street: "Burgemeester Van 't Hoffstraat",
              houseNumber: '12a',
              postcode: '2712 AB',
              city: 'Zoetermeer',
            },
          },
          { code: 'YXWVRKMNHGFE9P', buurtName: 'Oud-Noord (Élysée)', address: null },
        ])
      ).pdf,
    );
    expect(shown(withAddress?.content)).toEqual([
      'Aan de bewoners van',
      "Burgemeester Van 't Hoffstraat 12a",
      '2712 AB  Zoetermeer',
      '2345-6789-ACDE-FG',
    ]);
    expect(shown(withoutAddress?.content)).toEqual([
      'Aan de bewoners',
      'Buurt Oud-Noord \\(\\311lys\\351e\\)',
      'YXWV-RKMN-HGFE-9P',
    ]);
  });

  it('puts what every letter shares, with the amount and closing date in words, in one form drawn on each page', async () => {
    const { pdf } = await write([{ code: generateCode(), buurtName: 'Dorp', address: null }]);
    const form = /\/Subtype \/Form [^]*?\/Length (\d+) >>\nstream\n/.exec(pdf.toString('latin1'));
    const start = (form?.index ?? 0) + (form?.[0].length ?? 0);
    const shared = shown(zlib.inflateSync(pdf.subarray(start, start + Number(form?.[1]))).toString('latin1'));
    expect(shared[0]).toBe('Gemeente S\\372dwest-Frysl\\342n'); // WinAnsiEncoding, as octal escapes
    expect(shared[1]).toBe('Uw buurtbudget 2026: \\200 12,50');
    expect(shared.join(' ')).toContain('U kunt geven tot en met 31 december 2026.');
    expect(unplainFigures(shared.join(' '))).toEqual([]);
    // Case does not matter any more, and the letter no longer says it does.
    expect(shared.join(' ')).not.toContain('hoofdletters');
    expect(shared.join(' ')).toContain('kleine letters');
    expect(readLetters(pdf)[0]?.content.startsWith('/Letter Do\n')).toBe(true);
  });
});
