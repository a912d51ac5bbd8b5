import type { Queryable } from '../../db/database.js';
import type { Stage } from './initiative.js';
import { findInitiativeById, findInitiativeByReference } from './initiatives.repository.js';

/**
 * An initiative as another module needs it to decide on money for it (the district budget):
 * where it is, what it is called, and who coaches it (a coach who decides on its money needs a
 * second person's approval). Staff-side data: not for public pages.
 */
export interface InitiativeBrief {
  id: string;
  reference: string;
  title: string;
  stage: Stage;
  municipalityCode: string;
  wijkCode: string;
  buurtCode: string;
  coachAccountId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An initiative by id or by reference (INI-2026-0042), on the caller's connection; undefined when unknown. */
export async function findInitiativeBrief(
  db: Queryable,
  idOrReference: string,
): Promise<InitiativeBrief | undefined> {
  const key = idOrReference.trim();
  const row = UUID.test(key)
    ? await findInitiativeById(db, key)
    : await findInitiativeByReference(db, key.toUpperCase());
  if (!row) return undefined;
  return {
    id: row.id,
    reference: row.reference,
    title: row.title,
    stage: row.stage,
    municipalityCode: row.municipality_code,
    wijkCode: row.wijk_code,
    buurtCode: row.buurt_code,
    coachAccountId: row.coach_account_id,
  };
}
