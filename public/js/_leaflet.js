// Leaflet and its stylesheet, fetched only when a map is about to be enhanced, after the page
// with its server-drawn SVG map has shown. The build puts Leaflet in a chunk of its own and its
// CSS at ../leaflet/ beside the scripts.

/** Resolves once `element` is on screen and the browser has a moment to spare. */
export function whenShownAndIdle(element) {
  return new Promise((resolve) => {
    const idle = () =>
      'requestIdleCallback' in window
        ? window.requestIdleCallback(() => resolve())
        : setTimeout(resolve, 200);
    const observe = () => {
      if (!('IntersectionObserver' in window)) return idle();
      const observer = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          observer.disconnect();
          idle();
        }
      });
      observer.observe(element);
    };
    if (document.readyState === 'complete') observe();
    else window.addEventListener('load', observe, { once: true });
  });
}

/**
 * Resolves when the visitor first reaches for the map (pointer over it, a touch, or focus in
 * it): until then the server-drawn SVG serves, and a visitor who only reads pays nothing.
 */
export function whenWanted(element) {
  return new Promise((resolve) => {
    const events = ['pointerover', 'touchstart', 'focusin'];
    const wanted = () => {
      for (const name of events) element.removeEventListener(name, wanted);
      resolve();
    };
    for (const name of events) element.addEventListener(name, wanted, { passive: true });
  });
}

let loading;

/** Leaflet's module, with leaflet.css added to the page (once). */
export function loadLeaflet() {
  loading ??= Promise.all([
    import('leaflet/dist/leaflet-src.esm.js'),
    new Promise((resolve) => {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = new URL('../leaflet/leaflet.css', import.meta.url).href;
      link.addEventListener('load', resolve, { once: true });
      link.addEventListener('error', resolve, { once: true });
      document.head.append(link);
    }),
  ]).then(([leaflet]) => leaflet);
  return loading;
}
