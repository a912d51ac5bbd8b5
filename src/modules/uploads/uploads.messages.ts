import type { MessageBundle } from '../../web/i18n/i18n.js';

const nl = {
  'uploads.errors.empty': 'Dit bestand is leeg. Kies een foto.',
  'uploads.errors.tooLarge': 'Deze foto is groter dan 10 MB. Kies een kleinere foto.',
  'uploads.errors.notAnImage': 'Dit bestand is geen foto. Kies een JPEG-, PNG-, WebP- of HEIC-bestand.',
  'uploads.errors.unreadable': 'Deze foto kunnen wij niet lezen. Kies een andere foto.',
};

const en: Record<keyof typeof nl, string> = {
  'uploads.errors.empty': 'This file is empty. Choose a photo.',
  'uploads.errors.tooLarge': 'This photo is larger than 10 MB. Choose a smaller photo.',
  'uploads.errors.notAnImage': 'This file is not a photo. Choose a JPEG, PNG, WebP or HEIC file.',
  'uploads.errors.unreadable': 'We cannot read this photo. Choose another photo.',
};

export const uploadsMessages = { nl, en } satisfies MessageBundle<keyof typeof nl>;
