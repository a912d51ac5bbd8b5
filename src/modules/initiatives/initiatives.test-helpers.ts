import { queuedMail } from '../../../test/helpers/outbox.js';
import type { Db } from '../../db/database.js';
import type { StaffActor, Role } from '../../access/index.js';
import type { IdentityModule } from '../identity/index.js';
import { emptySubmissionForm, type SubmissionForm } from './initiatives.schema.js';

/** A member of staff, made through identity's own service (the desk refers to accounts), as an actor. */
export async function createStaff(
  identity: IdentityModule,
  name: string,
  grants: { role: Role; placeCode: string }[],
): Promise<StaffActor> {
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${Math.random().toString(36).slice(2, 8)}@gemeente.example`;
  const withOrganisation = grants.map((g) => ({
    ...g,
    organisation: g.role === 'partner' ? 'Woonstichting' : null,
  }));
  const account = await identity.service.createDemoAccount({
    email,
    displayName: name,
    grants: withOrganisation,
    password: 'test-password-not-used-0123',
  });
  return {
    kind: 'staff',
    accountId: account.id,
    email,
    displayName: name,
    grants: withOrganisation,
    totpEnabled: false,
  };
}

/** A complete, valid form for Zoetermeer's Dorp (no pin: the buurt picked from the list). */
export function validForm(overrides: Partial<SubmissionForm> = {}): SubmissionForm {
  const form = emptySubmissionForm('GM0637');
  form.lines[0] = { description: 'Plantenbakken', amount: '250' };
  form.lines[1] = { description: 'Koffie en thee', amount: '37,50' };
  return {
    ...form,
    title: 'Moestuin aan de Dorpsstraat',
    summary: 'Een moestuin waar buren samen groenten kweken en elkaar ontmoeten.',
    forWhom: 'Iedereen uit de buurt, jong en oud',
    themes: ['groen', 'ontmoeting'],
    help: ['money', 'permit'],
    buurt: 'BU06370001',
    locationDescription: 'Grasveld achter Dorpsstraat 12',
    name: 'Fatima Bakkali',
    email: 'fatima.bakkali@example.nl',
    phone: '06 12345678',
    ...overrides,
  };
}

/** Mail waiting in the outbox for an address, with the text as it will be sent (links back in). */
export async function outboxFor(
  db: Db,
  recipient: string,
): Promise<{ subject: string; body_text: string; stored_text: string }[]> {
  const mail = await queuedMail({ database: { db } }, recipient);
  return mail.map((m) => ({ subject: m.subject, body_text: m.text, stored_text: m.storedText }));
}

// For other modules' tests, which submit initiatives as residents do.
export { initiativesMessages } from './initiatives.messages.js';
export { checkSubmissionForm } from './initiatives.schema.js';
export { moveByStaff } from './moves.service.js';
export { postInitiatorMessage } from './tracking.service.js';
export { submitInitiative } from './initiatives.service.js';
