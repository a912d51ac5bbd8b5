import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS } from './access/index.js';
import { openDatabase, type Database } from './db/database.js';
import { readRevisions } from './db/revisions.js';
import {
  checkSubmissionForm,
  createStaff,
  initiativesMessages,
  moveByStaff,
  submitInitiative,
  validForm,
} from './modules/initiatives/initiatives.test-helpers.js';
import { I18n } from './web/i18n/i18n.js';
import { createTestApp, type TestApp } from '../test/helpers/app.js';

// Public pages read places, initiatives and figures through each process's revision cache
// (src/db/revisions.ts): what another process changes shows within the poll interval (1 s),
// what this process changes at once.

describe('a change made by another process shows on every page within a second', () => {
  let t: TestApp;
  let now = new Date('2026-03-02T09:00:00+01:00');
  /** Another process on the same database: a second connection, or on PGlite (one connection) SQL this process's cache does not see. */
  let other: Database;

  beforeAll(async () => {
    t = await createTestApp({}, { clock: () => now });
    other =
      t.database.url !== undefined
        ? await openDatabase({ databaseUrl: t.database.url, dataDir: 'unused', poolSize: 1 })
        : { ...t.database, close: async () => undefined };
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
  });

  const page = async (url: string) => (await t.app.inject({ url })).body;
  const later = (ms: number) => (now = new Date(now.getTime() + ms));

  it('shows a renamed place after the poll interval, not before, and bumps the counter once per transaction', async () => {
    expect(await page('/gemeenten/GM0637')).toContain('Zoetermeer');
    const before = (await readRevisions(t.database.db)).get('places') ?? 0;
    await other.db.transaction().execute(async (trx) => {
      await sql`update place set name = 'Zoetermeer aan de Zegge' where code = 'GM0637'`.execute(trx);
      await sql`update place set name = name where municipality_code = 'GM0637'`.execute(trx);
    });
    expect((await readRevisions(t.database.db)).get('places')).toBe(before + 1);
    await sql`update place set name = name where code = 'GM0637'`.execute(other.db);
    expect((await readRevisions(t.database.db)).get('places')).toBe(before + 2);
    later(500);
    expect(await page('/gemeenten/GM0637')).not.toContain('Zoetermeer aan de Zegge');
    later(500);
    expect(await page('/gemeenten/GM0637')).toContain('Zoetermeer aan de Zegge');
    expect(await page('/')).toContain('Zoetermeer aan de Zegge');
  });

  it('shows an initiative published here at once, and one renamed elsewhere after the poll interval', async () => {
    const ctx = t.modules.initiatives.context;
    const translate = new I18n([initiativesMessages]).translator('nl');
    const checked = checkSubmissionForm(validForm({ title: 'Bankjes bij de vijver' }), { staff: false });
    if (!checked.input) throw new Error('invalid form');
    const coach = await createStaff(t.modules.identity, 'Carla Coach', [
      { role: 'coach', placeCode: 'GM0637' },
    ]);
    expect(await page('/initiatieven')).not.toContain('Bankjes bij de vijver');
    const { reference } = await submitInitiative(
      ctx,
      { actor: ANONYMOUS, channel: 'web' },
      checked.input,
      [],
      translate,
    );
    await moveByStaff(ctx, { actor: coach, channel: 'web' }, reference, 'intake', '', translate);
    await moveByStaff(
      ctx,
      { actor: coach, channel: 'web' },
      reference,
      'in_preparation',
      'Plan is klaar',
      translate,
    );
    expect(await page('/initiatieven')).toContain('Bankjes bij de vijver');
    expect(await page(`/initiatieven/${reference}`)).toContain('Bankjes bij de vijver');

    await sql`update initiative set title = 'Bankjes en bloemen' where reference = ${reference}`.execute(
      other.db,
    );
    expect(await page(`/initiatieven/${reference}`)).not.toContain('Bankjes en bloemen');
    later(1000);
    expect(await page(`/initiatieven/${reference}`)).toContain('Bankjes en bloemen');
    expect(await page('/initiatieven')).toContain('Bankjes en bloemen');
  });
});
