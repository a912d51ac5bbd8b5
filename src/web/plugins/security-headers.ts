import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Security headers with a strict Content-Security-Policy: scripts and styles only from this
 * origin or with the per-response nonce (`reply.cspNonce`); images also from the map tile host.
 */
export const securityHeadersPlugin = fp(
  async (app: FastifyInstance, options: { tileUrl: string; hsts: boolean }) => {
    const tileOrigin = options.tileUrl
      ? new URL(options.tileUrl.replace(/\{[a-z]\}/g, '0')).origin
      : undefined;
    await app.register(helmet, {
      enableCSPNonces: true,
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', ...(tileOrigin ? [tileOrigin] : [])],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      strictTransportSecurity: options.hsts ? { maxAge: 31536000, includeSubDomains: true } : false,
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    });
  },
  { name: 'security-headers' },
);
