// Enhancement only: a map on the submission form where a click drops a pin. It fills the hidden
// lat/lon fields and names the buurt found; without JavaScript the buurt list does the same job.
import { loadLeaflet, whenShownAndIdle } from './_leaflet.js';

async function enhance(container) {
  const form = container.closest('form');
  // The map's own box stays hidden until Leaflet draws it: wait for the form instead.
  await whenShownAndIdle(form);
  const L = await loadLeaflet();
  const lat = form.querySelector('input[name="lat"]');
  const lon = form.querySelector('input[name="lon"]');
  const select = form.querySelector('select[name="buurt"]');
  const found = container.querySelector('.bk-pin__found');
  const response = await fetch(container.dataset.boundary, { headers: { Accept: 'application/geo+json' } });
  if (!response.ok) return;
  const collection = await response.json();
  container.hidden = false;
  const map = L.map(container.querySelector('.bk-pin__map'), { scrollWheelZoom: false });
  if (container.dataset.tiles) {
    L.tileLayer(container.dataset.tiles, { maxZoom: 19, attribution: container.dataset.attribution }).addTo(
      map,
    );
  }
  const layer = L.geoJSON(collection, { style: { color: '#0b5394', weight: 1, fillOpacity: 0.1 } }).addTo(
    map,
  );
  map.fitBounds(layer.getBounds(), { padding: [8, 8] });
  let marker;
  const place = async (latlng) => {
    if (marker) marker.setLatLng(latlng);
    else marker = L.marker(latlng, { keyboard: false }).addTo(map);
    lat.value = latlng.lat.toFixed(6);
    lon.value = latlng.lng.toFixed(6);
    const lookup = await fetch(`/api/v1/places/lookup?lat=${lat.value}&lon=${lon.value}`);
    if (!lookup.ok) {
      found.textContent = '';
      return;
    }
    const result = await lookup.json();
    const name = result.buurt.name || result.buurt.code;
    found.textContent = container.dataset.found.replace('{name}', name);
    if (select) select.value = result.buurt.code;
  };
  map.on('click', (event) => {
    place(event.latlng).catch(() => {});
  });
  if (lat.value && lon.value) place(L.latLng(Number(lat.value), Number(lon.value))).catch(() => {});
}

for (const container of document.querySelectorAll('[data-pin-map]')) {
  enhance(container).catch(() => {
    // Keep the list of buurten.
  });
}
