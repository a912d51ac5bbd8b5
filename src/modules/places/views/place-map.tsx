import type { PublicContext } from '../../../web/views/fragment.js';
import type { SvgMap } from '../svg-map.js';

/**
 * The map of a place. The server draws the boundaries as SVG, so the map is never blank:
 * without JavaScript, without tiles, and in print. With JavaScript, Leaflet takes over in the
 * same figure (tiles from MAP_TILE_URL, the same boundaries from the GeoJSON API).
 * The SVG's links are a mouse shortcut only; keyboard and screen-reader users get the list.
 */
export function PlaceMap(props: {
  ctx: PublicContext;
  map: SvgMap;
  caption: string;
  geojsonUrl: string;
  focusCode?: string;
  /** GeoJSON points (initiatives, reports) the enhanced map draws as the SVG draws `map.markers`. */
  pointsUrl?: string;
}) {
  const { ctx, map } = props;
  return (
    <figure class="bk-map">
      <div
        class="bk-map__canvas"
        data-map
        data-geojson={props.geojsonUrl}
        data-tiles={ctx.map.tileUrl}
        data-attribution={ctx.map.tileAttribution}
        data-focus={props.focusCode ?? ''}
        data-points={props.pointsUrl}
      >
        <svg
          class="bk-map__svg"
          viewBox={`0 0 ${map.width} ${map.height}`}
          width={map.width}
          height={map.height}
          aria-hidden="true"
          focusable="false"
        >
          {map.shapes.map((shape) => {
            const path = (
              <path
                class={shape.emphasis ? 'bk-map__shape bk-map__shape--emphasis' : 'bk-map__shape'}
                d={shape.d}
                fill-rule="evenodd"
              >
                <title>{shape.label}</title>
              </path>
            );
            return shape.href ? (
              <a href={shape.href} tabindex={-1} key={shape.code}>
                {path}
              </a>
            ) : (
              path
            );
          })}
          {map.markers.map((marker, i) => {
            const dot = (
              <circle class="bk-map__marker" cx={marker.x} cy={marker.y} r={7}>
                <title>{marker.label}</title>
              </circle>
            );
            return marker.href ? (
              <a href={marker.href} tabindex={-1} key={`m${i}`}>
                {dot}
              </a>
            ) : (
              dot
            );
          })}
        </svg>
      </div>
      <figcaption class="utrecht-paragraph utrecht-paragraph--small">{props.caption}</figcaption>
    </figure>
  );
}
