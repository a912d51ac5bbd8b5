import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { printLetters } from './budgets.letters.js';
import { lookupVoucher, type BudgetsContext } from './budgets.service.js';
import { setUpBudgetYear } from './budgets.test-helpers.js';
import { readLetters, referenceQr } from './letters.test-helpers.js';

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
  const input = {
    municipalityCode: 'GM0637',
    municipalityName: 'Zoetermeer',
    year: 2026,
    publicUrl: 'https://buurtkracht.example',
    buurtNames: new Map([['BU06370001', 'Dorp']]),
  };

  it('prints nothing twice without --reprint', async () => {
    const sink = memory();
    expect(await printLetters(ctx, { ...input, reprint: false, out: sink.out })).toEqual({
      letters: 0,
      revoked: 0,
    });
  });

  it('a reprint writes one A4 page per household, revokes the old codes and says so', async () => {
    const sink = memory();
    const result = await printLetters(ctx, { ...input, reprint: true, out: sink.out });
    expect(result).toEqual({ letters: 3, revoked: 3 });
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
