import type { ColumnPath, GemeenteMapping, Join, PersonalDataEntry } from '../../privacy/index.js';
import type { UploadPersonalData } from '../uploads/index.js';

/** From a row with `initiative_id` to its initiative. */
const TO_INITIATIVE: Join = { from: 'initiative_id', table: 'initiative', to: 'id' };
/** From an upload to the initiative whose photo it is. */
const UPLOAD_TO_INITIATIVE: readonly Join[] = [
  { from: 'id', table: 'initiative_photo', to: 'upload_id' },
  TO_INITIATIVE,
];

/** Rows of an initiative belong to the initiative's gemeente. */
function gemeenteThrough(join: readonly Join[]): GemeenteMapping {
  return { kind: 'place', path: { join, column: 'municipality_code' } };
}

/** The initiator is found by the address on their initiative. */
function initiatorThrough(join: readonly Join[]): ColumnPath {
  return { join, column: 'initiator_email' };
}

const PHOTO_KEPT =
  'shown with the initiative for as long as it is public (transparency); deleted on the initiator’s request';

/**
 * The desk in the personal data register: the initiator's contact details, the thread between
 * initiator and staff, and the photos sent with the initiative. The initiator's details are
 * anonymised two years after the last change; the initiative itself (public by then) stays,
 * without a name. Everything belongs to the initiative's gemeente. Listed child tables first:
 * an erasure deletes the photos' descriptions before their files, and both before the
 * initiative is anonymised (every row is found before any is erased).
 */
export const initiativesPersonalData: readonly PersonalDataEntry[] = [
  {
    id: 'initiatives.thread',
    table: 'initiative_message',
    key: 'id',
    description:
      'Messages in the thread of your initiative, between you and the municipality (with staff notes about it)',
    columns: ['body', 'author_label'],
    purpose: 'Help the initiator with their initiative (één loket)',
    legalBasis: 'public-task',
    gemeente: gemeenteThrough([TO_INITIATIVE]),
    retention: { kind: 'erase-after', term: { years: 2 }, from: 'at', erase: { kind: 'delete' } },
    findBy: { email: initiatorThrough([TO_INITIATIVE]) },
    onRequest: { kind: 'delete' },
    exportColumns: ['at', 'author', 'staff_only'],
  },
  {
    id: 'initiatives.thread-authors',
    table: 'initiative_message',
    key: 'id',
    description: 'Messages and notes you wrote as a member of staff in the thread of an initiative',
    columns: ['author_label', 'body'],
    purpose: 'Help the initiator with their initiative (één loket)',
    legalBasis: 'public-task',
    gemeente: gemeenteThrough([TO_INITIATIVE]),
    retention: { kind: 'keep', reason: 'deleted with the thread, two years after each message' },
    findBy: { accountId: 'author_account_id' },
    onRequest: {
      kind: 'keep',
      reason: 'what staff wrote in a resident’s case stays with the case; deleted with the thread',
    },
    exportColumns: ['at', 'staff_only'],
  },
  {
    id: 'initiatives.photos',
    table: 'initiative_photo',
    // One upload per photo: the upload's id is the photo's key.
    key: 'upload_id',
    description: 'The descriptions of the photos you sent with your initiative',
    columns: ['alt'],
    purpose: 'Show what the initiative is about, on its page',
    legalBasis: 'public-task',
    gemeente: gemeenteThrough([TO_INITIATIVE]),
    retention: { kind: 'keep', reason: PHOTO_KEPT },
    findBy: { email: initiatorThrough([TO_INITIATIVE]) },
    onRequest: { kind: 'delete' },
    exportColumns: ['position'],
  },
  {
    id: 'initiatives.initiator',
    table: 'initiative',
    key: 'id',
    description: 'Initiatives you submitted: your name, e-mail address and phone number',
    columns: ['initiator_name', 'initiator_email', 'initiator_phone'],
    purpose: 'Contact the initiator about their initiative (één loket)',
    legalBasis: 'public-task',
    gemeente: { kind: 'place', path: { column: 'municipality_code' } },
    retention: {
      kind: 'erase-after',
      term: { years: 2 },
      from: 'updated_at',
      erase: { kind: 'anonymise', set: { initiator_name: '', initiator_email: null, initiator_phone: null } },
    },
    findBy: { email: 'initiator_email' },
    onRequest: {
      kind: 'anonymise',
      set: { initiator_name: '', initiator_email: null, initiator_phone: null },
    },
    exportColumns: ['reference', 'title', 'stage', 'created_at'],
  },
];

/**
 * The photos' files, kept by the uploads module (its `upload` table) and entered in the
 * register there: initiatives says what they are and how they lead to the initiative's gemeente
 * and initiator. Erasure finds every row first, so the initiator is found through the initiative
 * even though the uploads module's entries come after this module's.
 */
export const photoFilesPersonalData: UploadPersonalData = {
  id: 'initiatives.photo-files',
  description: 'The photos you sent with your initiative (the image files, without their metadata)',
  purpose: 'Show what the initiative is about, on its page',
  legalBasis: 'public-task',
  gemeente: gemeenteThrough(UPLOAD_TO_INITIATIVE),
  retention: { kind: 'keep', reason: PHOTO_KEPT },
  findBy: { email: initiatorThrough(UPLOAD_TO_INITIATIVE) },
  onRequest: { kind: 'delete' },
};
