import type { FastifyRequest } from 'fastify';

/**
 * Every URL that carries a secret, in one list: one-time links whose token is in the path, and
 * query parameters that prove something. Fastify logs each request's URL; these parts never
 * reach the log. A new route with a secret in its URL adds its line here.
 */
export const SECRET_URL_PARTS: readonly { path: RegExp; query?: readonly string[] }[] = [
  // Residents' e-mailed sign-in links.
  { path: /^(\/inloggen\/bewoner\/)[^/?#]+/ },
  // Staff set-up links.
  { path: /^(\/account-instellen\/)[^/?#]+/ },
  // Initiative tracking links.
  { path: /^(\/initiatieven\/volgen\/)[^/?#]+/ },
  // Report tracking links and the reporter's "was it solved?" links.
  { path: /^(\/meldingen\/volgen\/)[^/?#]+/ },
  { path: /^(\/meldingen\/opgelost\/)[^/?#]+/ },
  // The household's personal code from the letter (QR code).
  { path: /^\/buurtbudget(?=[/?#]|$)/, query: ['code'] },
  // The OpenID Connect provider's way back: an authorization code and its state.
  { path: /^\/inloggen\/oidc\/terug(?=[/?#]|$)/, query: ['code', 'state'] },
];

const REDACTED = '[redacted]';

/** The URL as it may be logged: tokens in paths and secret query values replaced by `[redacted]`. */
export function redactUrl(url: string): string {
  for (const part of SECRET_URL_PARTS) {
    const match = part.path.exec(url);
    if (!match) continue;
    let result = match[1] === undefined ? url : `${match[1]}${REDACTED}${url.slice(match[0].length)}`;
    if (part.query && result.includes('?')) {
      const at = result.indexOf('?');
      const hashAt = result.indexOf('#', at);
      const query = result.slice(at + 1, hashAt === -1 ? undefined : hashAt);
      const redacted = query
        .split('&')
        .map((pair) => {
          const name = decodeName(pair.split('=')[0] ?? '');
          return part.query?.includes(name) ? `${pair.split('=')[0]}=${REDACTED}` : pair;
        })
        .join('&');
      result = `${result.slice(0, at + 1)}${redacted}${hashAt === -1 ? '' : result.slice(hashAt)}`;
    }
    return result;
  }
  return url;
}

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/**
 * pino serializers for the process's logger (main.ts): Fastify's request fields, with the URL
 * redacted. Fastify keeps a logger's own serializers over its defaults.
 */
export const logSerializers = {
  req(request: FastifyRequest) {
    return {
      method: request.method,
      url: redactUrl(request.url),
      host: request.host,
      remoteAddress: request.ip,
      remotePort: request.socket?.remotePort,
    };
  },
};
