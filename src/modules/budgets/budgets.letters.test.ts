import { mkdirSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { printLetters, printLettersToFile } from './budgets.letters.js';
import { countLetters } from './vouchers.service.js';
import { lookupVoucher } from './codes.service.js';
import { type BudgetsContext } from './budgets.context.js';
import { setUpBudgetYear } from './budgets.test-helpers.js';
import { codesIn, readLetters, referenceQr } from './letters.test-helpers.js';

let t: TestApp;
let ctx: BudgetsContext;
let codes: string[];

function memory(): { out: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks) };
}

/** An output that takes writes until it has `bytes`, then fails every write as a full disk does. */
function failing(bytes: number): { out: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  let taken = 0;
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (taken >= bytes) {
        done(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
        return;
      }
      chunks.push(chunk);
      taken += chunk.length;
      done();
    },
  });
  return { out, bytes: () => Buffer.concat(chunks) };
}

const input = {
  municipalityCode: 'GM0637',
  municipalityName: 'Zoetermeer',
  year: 2026,
  publicUrl: 'https://buurtkracht.example',
  buurtNames: new Map([['BU06370001', 'Dorp']]),
};

/** Letters still to print without --reprint. */
function unprinted(context: BudgetsContext, year = 2026): Promise<number> {
  return countLetters(context, { municipalityCode: 'GM0637', year, reprint: false });
}

beforeAll(async () => {
  t = await createTestApp({}, { clock: () => new Date('2026-03-02T10:00:00Z') });
  const setUp = await setUpBudgetYear(t.modules.budgets.context, {
    buurten: [{ code: 'BU06370001', wijkCode: 'WK063700', households: 3 }],
  });
  ctx = setUp.ctx;
  codes = setUp.codes.get('BU06370001') ?? [];
});
afterAll(async () => {
  await t.close();
});

describe('letters: issue and print in one run', () => {
  it('prints nothing twice without --reprint', async () => {
    const sink = memory();
    expect(await printLetters(ctx, { ...input, reprint: false, out: sink.out })).toEqual({
      letters: 0,
      revoked: 0,
      oldFormat: 0,
    });
  });

  it('a reprint writes one A4 page per household, revokes the old codes and says so', async () => {
    const sink = memory();
    const result = await printLetters(ctx, { ...input, reprint: true, out: sink.out });
    expect(result).toEqual({ letters: 3, revoked: 3, oldFormat: 0 });
    const pdf = sink.bytes();
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(3);
    await expect(lookupVoucher(ctx, codes[0] ?? '')).rejects.toMatchObject({ status: 404 });
  });

  it('prints on each letter its new code, and a QR code that opens the pledge page with it', async () => {
    const sink = memory();
    await printLetters(ctx, { ...input, reprint: true, out: sink.out });
    const pages = readLetters(sink.bytes());
    expect(pages).toHaveLength(3);
    for (const page of pages) {
      expect(page.qr).toEqual(referenceQr(`${input.publicUrl}/buurtbudget?code=${page.code}`));
      await expect(lookupVoucher(ctx, page.code ?? '')).resolves.toMatchObject({ state: 'unused' });
    }
  });
});

describe('letters: only a complete document counts as printed', () => {
  it('an output failing midway stops the run at once; the next run prints every household, with new codes', async () => {
    const { ctx: local } = await setUpBudgetYear(t.modules.budgets.context, {
      year: 2027,
      printed: false,
      buurten: [{ code: 'BU06370001', wijkCode: 'WK063700', households: 300 }],
    });
    const run = { ...input, year: 2027, reprint: false };
    // The first 64 kB (about 60 letters) reach the disk, then it is full.
    const broken = failing(1);
    let done = 0;
    await expect(
      printLetters(local, { ...run, out: broken.out, batchSize: 10, onProgress: (n) => (done = n) }),
    ).rejects.toThrow('no space left on device');
    expect(done).toBeLessThan(200);
    const lost = codesIn(broken.bytes());
    expect(lost.length).toBeGreaterThan(10);
    expect(await unprinted(local, 2027)).toBe(300);

    const sink = memory();
    expect(await printLetters(local, { ...run, out: sink.out })).toEqual({
      letters: 300,
      revoked: 0,
      oldFormat: 0,
    });
    const pages = readLetters(sink.bytes());
    expect(new Set(pages.map((p) => p.code)).size).toBe(300);
    for (const page of pages) {
      await expect(lookupVoucher(local, page.code ?? '')).resolves.toMatchObject({ state: 'unused' });
    }
    // One voucher has one code: those of the broken-off document no longer work.
    for (const code of lost.slice(0, 5)) {
      await expect(lookupVoucher(local, code)).rejects.toMatchObject({ status: 404 });
    }
    expect(await unprinted(local, 2027)).toBe(0);
  });

  it('a reprint that breaks off: the next run without --reprint prints the households it took the letters of', async () => {
    // Three letters fit in the last write: the disk is full at the very end.
    await expect(printLetters(ctx, { ...input, reprint: true, out: failing(0).out })).rejects.toThrow(
      'no space left on device',
    );
    // Their printed codes were replaced, and the new ones never reached a complete file.
    expect(await unprinted(ctx)).toBe(3);
    const sink = memory();
    expect(await printLetters(ctx, { ...input, reprint: false, out: sink.out })).toEqual({
      letters: 3,
      revoked: 0,
      oldFormat: 0,
    });
    for (const page of readLetters(sink.bytes())) {
      await expect(lookupVoucher(ctx, page.code ?? '')).resolves.toMatchObject({ state: 'unused' });
    }
    // Printed again now: a reprint revokes all three.
    expect(await printLetters(ctx, { ...input, reprint: true, out: memory().out })).toEqual({
      letters: 3,
      revoked: 3,
      oldFormat: 0,
    });
  });

  it('a file appears only complete: when it cannot be put in place, no partial file stays and nothing counts as printed', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'buurtkracht-letters-'));
    try {
      const file = path.join(dir, 'letters.pdf');
      // Something takes the file's name while the letters are written.
      const takeName = (): void => void mkdirSync(path.join(file, 'in-the-way'), { recursive: true });
      await expect(
        printLettersToFile(ctx, { ...input, reprint: true, file, onStart: takeName }),
      ).rejects.toThrow(`Could not rename ${file}.partial to ${file}: it is a directory.`);
      expect(await fs.readdir(dir)).toEqual(['letters.pdf']);
      expect(await unprinted(ctx)).toBe(3);

      await fs.rm(file, { recursive: true });
      expect(await printLettersToFile(ctx, { ...input, reprint: false, file })).toEqual({
        letters: 3,
        revoked: 0,
        oldFormat: 0,
      });
      expect(await fs.readdir(dir)).toEqual(['letters.pdf']);
      for (const page of readLetters(await fs.readFile(file))) {
        await expect(lookupVoucher(ctx, page.code ?? '')).resolves.toMatchObject({ state: 'unused' });
      }
      expect(await unprinted(ctx)).toBe(0);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
