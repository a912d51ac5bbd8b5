// Enhancement only: replaces the server-drawn SVG map with a Leaflet map (tiles + the same
// boundaries from the GeoJSON API) once the visitor reaches for the map. Without JavaScript, or when anything here fails, the SVG stays.
import { loadLeaflet, whenWanted } from './_leaflet.js';

const STYLE = { color: '#0b5394', weight: 2, fillColor: '#c7dcef', fillOpacity: 0.35 };
const FOCUS = { color: '#6b3f00', weight: 3, fillColor: '#f5b335', fillOpacity: 0.55 };

function pageOf(code) {
  if (code.startsWith('GM')) return `/gemeenten/${code}`;
  if (code.startsWith('WK')) return `/wijken/${code}`;
  return `/buurten/${code}`;
}

async function enhance(container) {
  await whenWanted(container);
  const L = await loadLeaflet();
  const response = await fetch(container.dataset.geojson, { headers: { Accept: 'application/geo+json' } });
  if (!response.ok) return;
  const collection = await response.json();
  if (!collection.features || collection.features.length === 0) return;

  const svg = container.querySelector('svg');
  const host = document.createElement('div');
  host.className = 'bk-map__canvas--leaflet';
  container.append(host);
  const map = L.map(host, { scrollWheelZoom: false });
  if (container.dataset.tiles) {
    L.tileLayer(container.dataset.tiles, {
      maxZoom: 19,
      attribution: container.dataset.attribution,
    }).addTo(map);
  }
  const focus = container.dataset.focus;
  const layer = L.geoJSON(collection, {
    style: (feature) => (feature.properties.code === focus ? FOCUS : STYLE),
    onEachFeature: (feature, shape) => {
      const name = feature.properties.name || feature.properties.code;
      shape.bindTooltip(name, { sticky: true });
      if (feature.properties.code !== focus) {
        shape.on('click', () => window.location.assign(pageOf(feature.properties.code)));
      }
    },
  }).addTo(map);
  map.fitBounds(layer.getBounds(), { padding: [8, 8] });
  // Points (initiatives, reports) drawn on the SVG as markers: the same ones, from GeoJSON.
  if (container.dataset.points) {
    const points = await fetch(container.dataset.points, { headers: { Accept: 'application/geo+json' } });
    if (points.ok) {
      L.geoJSON(await points.json(), {
        pointToLayer: (feature, latlng) =>
          L.circleMarker(latlng, {
            radius: 7,
            color: '#6b3f00',
            weight: 2,
            fillColor: '#f5b335',
            fillOpacity: 0.9,
          }),
        onEachFeature: (feature, marker) => {
          marker.bindTooltip(feature.properties.title, { sticky: true });
          if (feature.properties.url)
            marker.on('click', () => window.location.assign(feature.properties.url));
        },
      }).addTo(map);
    }
  }
  if (svg) svg.setAttribute('hidden', '');
}

for (const container of document.querySelectorAll('[data-map]')) {
  enhance(container).catch(() => {
    // Keep the server-drawn map.
  });
}
