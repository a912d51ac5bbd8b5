// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), pure: the documents the routes
// send, in JSON and in XML, and the rules of `GET requests`' date window. No I/O.

/** The specification an endpoint implements, as the discovery document names it. */
export const GEOREPORT_V2 = 'http://wiki.open311.org/GeoReport_v2';

export type Open311Format = 'json' | 'xml';

export const CONTENT_TYPES: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** `services.json` → ['services', 'json']; undefined for any other suffix. */
export function splitFormat(file: string): { name: string; format: Open311Format } | undefined {
  const match = /^(.+)\.(json|xml)$/.exec(file);
  if (!match?.[1] || (match[2] !== 'json' && match[2] !== 'xml')) return undefined;
  return { name: match[1], format: match[2] };
}

// ---- XML ----

/** A value of a document: the same tree becomes JSON or XML. */
export type Open311Value = string | number | boolean | null | readonly Open311Value[] | Open311Object;
export interface Open311Object {
  readonly [key: string]: Open311Value;
}

// Characters XML 1.0 does not allow at all (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/F).
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as element content: `&`, `<`, `>` escaped (and quotes, harmless), forbidden characters dropped. */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function element(name: string, value: Open311Value, itemName: (parent: string) => string): string {
  if (!NAME.test(name)) throw new Error(`not an XML name: ${name}`);
  if (value === null || value === '') return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = itemName(name);
    return `<${name}>${value.map((v: Open311Value) => element(item, v, itemName)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    const children = Object.entries(value as Open311Object)
      .map(([key, child]) => element(key, child, itemName))
      .join('');
    return `<${name}>${children}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** The element name of one item of a list, as the specification's XML examples name them. */
const ITEMS: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

/**
 * A document as XML with its declaration (UTF-8, as the specification requires): a list under
 * `root` gives one element per item (`services` → `service`), an object its fields as child
 * elements, null or '' an empty element.
 */
export function toXml(root: string, value: Open311Value): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value, (parent) => ITEMS[parent] ?? 'item')}\n`;
}

/** The document in the format asked for. */
export function render(format: Open311Format, root: string, value: Open311Value): string {
  return format === 'json' ? JSON.stringify(value) : toXml(root, value);
}

// ---- documents ----

/** An error list, as the specification defines it: each with the HTTP code and a description. */
export function errorsDocument(code: number, descriptions: readonly string[]): Open311Value {
  return descriptions.map((description) => ({ code, description }));
}

/** A date-time as the specification wants it: ISO 8601 with a zone (UTC, whole seconds). */
export function open311DateTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Parses `start_date`/`end_date`: ISO 8601 with a zone; undefined when it is not one. */
export function parseOpen311DateTime(value: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) return undefined;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

const DAY_MS = 24 * 3600 * 1000;
/** `GET requests` without dates covers this many days, and no range may span more. */
export const WINDOW_DAYS = 90;
/** At most this many requests in one answer. */
export const MAX_REQUESTS = 1000;

/**
 * The window of `GET requests`: the last 90 days by default; one date given, the 90 days from
 * (or up to) it; both, as given, but never more than 90 days apart ('too_long') and never the
 * end before the start ('reversed').
 */
export function requestWindow(
  start: Date | undefined,
  end: Date | undefined,
  now: Date,
): { from: Date; to: Date } | 'too_long' | 'reversed' {
  const span = WINDOW_DAYS * DAY_MS;
  if (start && end) {
    if (end.getTime() < start.getTime()) return 'reversed';
    if (end.getTime() - start.getTime() > span) return 'too_long';
    return { from: start, to: end };
  }
  if (start) return { from: start, to: new Date(start.getTime() + span) };
  if (end) return { from: new Date(end.getTime() - span), to: end };
  return { from: new Date(now.getTime() - span), to: now };
}

/** A comma-separated list parameter: trimmed, empty items dropped; undefined when absent or empty. */
export function commaList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return items.length > 0 ? items : undefined;
}
