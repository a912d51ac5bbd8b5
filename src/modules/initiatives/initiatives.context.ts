import type { ModuleDeps } from '../manifest.js';
import { displayName, type PlacesModule } from '../places/index.js';
import type { UploadStore } from '../uploads/index.js';
import { NotFoundError } from '../../shared/errors.js';
import { queueMail, withMailFooter } from '../../mail/index.js';
import type { InitiativesContext, PlaceRef, PlacesPort, StaffPort } from './initiatives.service.js';

/** Settings of the desk, from the app's config. */
export interface InitiativesOptions {
  /** INITIATIVE_INTAKE_WORKING_DAYS: the service level for a first conversation. */
  intakeWorkingDays: number;
}

/** The use cases' context: the database, the places, identity's staff look-ups, the outbox and the command step. */
export function createInitiativesContext(
  deps: ModuleDeps,
  ports: { places: PlacesModule; staff: StaffPort; uploads: UploadStore },
  options: InitiativesOptions,
): InitiativesContext {
  return {
    db: deps.database.db,
    cache: deps.cache,
    places: placesPort(ports.places),
    staff: ports.staff,
    uploads: ports.uploads,
    settings: { intakeWorkingDays: options.intakeWorkingDays, publicUrl: deps.config.publicUrl },
    now: deps.clock,
    enqueueMail: async (trx, mail) => {
      await queueMail(trx, {
        to: mail.to,
        subject: mail.subject,
        gemeente: mail.gemeente,
        ...(mail.secrets ? { secrets: mail.secrets } : {}),
        locale: 'nl',
        ...withMailFooter({ text: mail.text }, { locale: 'nl', publicUrl: deps.config.publicUrl }),
      });
    },
    commands: deps.commands,
  };
}

function ref(place: { code: string; name: string | null }): PlaceRef {
  return { code: place.code, name: displayName(place) };
}

/** The places module as the desk needs it. */
function placesPort(places: PlacesModule): PlacesPort {
  return {
    async placeOfPoint(lat, lon) {
      try {
        const found = await places.lookupPoint(lat, lon);
        return { buurt: ref(found.buurt), wijk: ref(found.wijk), gemeente: ref(found.gemeente) };
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
    async placeOfBuurt(code) {
      try {
        const detail = await places.getPlaceDetail(code);
        if (detail.level !== 'buurt' || !detail.parent) return undefined;
        return { buurt: ref(detail), wijk: ref(detail.parent), gemeente: ref(detail.municipality) };
      } catch (error) {
        if (error instanceof NotFoundError) return undefined;
        throw error;
      }
    },
    async names(codes) {
      const found = await places.findPlaces(codes);
      return new Map(found.map((p) => [p.code, displayName(p)]));
    },
  };
}
