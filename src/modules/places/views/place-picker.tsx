import type { PageContext } from '../../../web/page.js';
import { SelectField } from '../../../web/views/fields.js';

/** The buurten of a gemeente grouped by wijk, for a place select (works without JavaScript). */
export interface BuurtChoice {
  gemeente: { code: string; name: string };
  wijken: { code: string; name: string; buurten: { code: string; name: string }[] }[];
}

/**
 * Where something is, in a form: a pin on the map (hidden until the enhancement script
 * `js/initiative-pin.js` draws it; it fills `lat` and `lon`), and always the buurt as a select
 * grouped by wijk, so the form works without JavaScript. Texts come from the using module.
 */
export function PlacePicker(props: {
  ctx: PageContext;
  choice: BuurtChoice;
  lat: string;
  lon: string;
  buurt: string;
  error: string | undefined;
  texts: { mapHint: string; mapFound: string; buurt: string; buurtHint: string; buurtNone: string };
}) {
  const { ctx, choice, texts } = props;
  return (
    <>
      <div
        class="bk-pin"
        data-pin-map
        data-tiles={ctx.map.tileUrl}
        data-attribution={ctx.map.tileAttribution}
        data-boundary={`/api/v1/places/${choice.gemeente.code}/children.geojson`}
        data-found={texts.mapFound}
        hidden
      >
        <p class="utrecht-paragraph" id="pin-hint">
          {texts.mapHint}
        </p>
        <div class="bk-pin__map" />
        <p class="utrecht-paragraph bk-pin__found" aria-live="polite" />
      </div>
      <input type="hidden" name="lat" value={props.lat} />
      <input type="hidden" name="lon" value={props.lon} />
      <SelectField
        name="buurt"
        label={texts.buurt}
        hint={texts.buurtHint}
        value={props.buurt}
        error={props.error}
        groups={[
          { options: [{ value: '', label: texts.buurtNone }] },
          ...choice.wijken.map((w) => ({
            label: w.name,
            options: w.buurten.map((b) => ({ value: b.code, label: b.name })),
          })),
        ]}
      />
    </>
  );
}
