import crypto from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../../shared/errors.js';
import { formFieldText } from '../../web/form-fields.js';
import { byIp } from '../../web/plugins/rate-limit.js';
import type { RateLimitRule } from '../../web/types.js';
import { authenticateApiKey } from './api-keys.js';
import {
  commaList,
  CONTENT_TYPES,
  errorsDocument,
  GEOREPORT_V2,
  MAX_REQUESTS,
  open311DateTime,
  parseOpen311DateTime,
  render,
  requestWindow,
  splitFormat,
  type Open311Format,
  type Open311Value,
} from './open311.js';
import * as repo from './open311.repository.js';
import { open311Status, PUBLIC_ID } from './report.js';
import { checkSubmitForm, emptySubmitForm } from './reports.schema.js';
import { categoriesOf, submitReport, type ReportsContext } from './reports.service.js';

/** What the Open311 routes need besides the module's context. */
export interface Open311Deps {
  ctx: ReportsContext;
  /** Whether a gemeente of that code exists (its places imported). */
  gemeenteExists(code: string): Promise<boolean>;
}

/** An error the specification defines: the HTTP code and its descriptions (message keys). */
class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly key: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

const PREFIX = '/open311/v2';

/** POSTs per key: generous for a city's app, a stop for a runaway loop. */
const POSTS_PER_KEY = 120;
const READS_PER_IP = 600;

function formatOf(request: FastifyRequest): Open311Format {
  const file = request.url.split('?')[0]?.split('/').pop() ?? '';
  return splitFormat(file)?.format ?? 'xml';
}

function send(reply: FastifyReply, format: Open311Format, root: string, value: Open311Value, status = 200) {
  return reply
    .status(status)
    .type(CONTENT_TYPES[format])
    .send(render(format, root, value));
}

/**
 * Open311 GeoReport v2 under /open311/v2 (http://wiki.open311.org/GeoReport_v2): discovery, the
 * service list and definitions (a gemeente's subcategories; `jurisdiction_id` is its CBS code),
 * `POST requests` (form-encoded, `api_key` of that gemeente required; made by `submitReport`,
 * channel 'api'), `GET requests` with its filters, window and limit, `GET requests/{id}` and
 * `GET tokens/{token}`; each in JSON and XML. Errors as the specification defines them: a list
 * of `{code, description}` with the HTTP status it names, in the format asked for (XML when the
 * path has none).
 */
export async function registerOpen311(app: FastifyInstance, deps: Open311Deps): Promise<void> {
  const { ctx } = deps;
  /** The key each POST came with, found before its rate limit is counted. */
  const keys = new WeakMap<FastifyRequest, { id: string; gemeente: string }>();
  const perKey: RateLimitRule = {
    name: 'open311-key',
    max: POSTS_PER_KEY,
    windowSeconds: 60,
    key: (request) => keys.get(request)?.id,
  };
  const reads = [byIp('open311-ip', READS_PER_IP, 60)];

  await app.register(
    async (scope) => {
      scope.setErrorHandler((error, request, reply) => {
        const format = formatOf(request);
        const t = request.t;
        if (error instanceof Open311Error) {
          request.log.info({ status: error.status, key: error.key }, 'open311 refused');
          return send(
            reply,
            format,
            'errors',
            errorsDocument(error.status, [t(error.key, error.params)]),
            error.status,
          );
        }
        if (error instanceof DomainError) {
          const descriptions =
            error.issues.length > 0
              ? error.issues.map((i) => `${i.field}: ${t(i.message, i.params)}`)
              : [t(error.messageKey, error.params)];
          request.log.info({ status: error.status, code: error.code }, 'open311 refused');
          return send(reply, format, 'errors', errorsDocument(error.status, descriptions), error.status);
        }
        const status = (error as Partial<FastifyError>).statusCode;
        if (typeof status === 'number' && status >= 400 && status < 500) {
          request.log.info({ status }, 'open311 refused');
          return send(reply, format, 'errors', errorsDocument(400, [t('reports.open311.badRequest')]), 400);
        }
        request.log.error({ err: error }, 'open311 failed');
        return send(reply, format, 'errors', errorsDocument(500, [t('reports.open311.failed')]), 500);
      });
      scope.setNotFoundHandler((request, reply) =>
        send(
          reply,
          formatOf(request),
          'errors',
          errorsDocument(404, [request.t('reports.open311.noSuchPath')]),
          404,
        ),
      );

      /** The gemeente a request is for: `jurisdiction_id`, required since this endpoint serves many. */
      async function jurisdictionOf(value: string | undefined): Promise<string> {
        const code = (value ?? '').trim().toUpperCase();
        if (code === '') throw new Open311Error(400, 'reports.open311.noJurisdiction');
        if (!/^GM[0-9]{4}$/.test(code) || !(await deps.gemeenteExists(code)))
          throw new Open311Error(404, 'reports.open311.unknownJurisdiction', { id: code });
        return code;
      }
      const query = (request: FastifyRequest, name: string) => formFieldText(request.query, name);

      scope.get(
        '/discovery.:format',
        { config: { access: 'public', rateLimit: reads } },
        async (request, reply) => {
          const format = splitFormat(`discovery.${(request.params as { format: string }).format}`)?.format;
          if (!format) throw new Open311Error(404, 'reports.open311.noSuchPath');
          const document = {
            changeset: '2026-12-03T00:00:00Z',
            contact: `${ctx.publicUrl}/meldingen`,
            // Human-readable, as the discovery specification allows: keys are made per gemeente.
            key_service:
              'Ask the gemeente’s administrators (functioneel beheer) for a key for its jurisdiction_id.',
            endpoints: [
              {
                specification: GEOREPORT_V2,
                url: `${ctx.publicUrl}${PREFIX}`,
                changeset: '2026-12-03T00:00:00Z',
                type: 'production',
                formats: ['text/xml', 'application/json'],
              },
            ],
          };
          return send(reply, format, 'discovery', document);
        },
      );

      scope.get(
        '/services.:format',
        { config: { access: 'public', rateLimit: reads } },
        async (request, reply) => {
          const format = splitFormat(`services.${(request.params as { format: string }).format}`)?.format;
          if (!format) throw new Open311Error(404, 'reports.open311.noSuchPath');
          const gemeente = await jurisdictionOf(query(request, 'jurisdiction_id'));
          const tree = await categoriesOf(ctx, gemeente, 'nl');
          const services = tree.flatMap((main) =>
            main.subcategories.map((sub) => ({
              service_code: sub.code,
              service_name: sub.name,
              description: `${main.name}: ${sub.name}`,
              metadata: false,
              type: 'realtime',
              keywords: main.code,
              group: main.name,
            })),
          );
          return send(reply, format, 'services', services);
        },
      );

      scope.get(
        '/services/:file',
        { config: { access: 'public', rateLimit: reads } },
        async (request, reply) => {
          const file = splitFormat((request.params as { file: string }).file);
          if (!file) throw new Open311Error(404, 'reports.open311.noSuchPath');
          const gemeente = await jurisdictionOf(query(request, 'jurisdiction_id'));
          const tree = await categoriesOf(ctx, gemeente, 'nl');
          if (!tree.some((m) => m.subcategories.some((s) => s.code === file.name)))
            throw new Open311Error(404, 'reports.open311.unknownService', { code: file.name });
          // No extra questions per category: every service asks only the standard fields.
          return send(reply, file.format, 'service_definition', { service_code: file.name, attributes: [] });
        },
      );

      scope.post(
        '/requests.:format',
        {
          config: { access: 'public', rateLimit: [perKey, byIp('open311-post-ip', POSTS_PER_KEY * 5, 60)] },
          preValidation: async (request) => {
            const key = formFieldText(request.body, 'api_key');
            const found = key ? await authenticateApiKey(ctx, key) : undefined;
            if (found) keys.set(request, found);
          },
        },
        async (request, reply) => {
          const format = splitFormat(`requests.${(request.params as { format: string }).format}`)?.format;
          if (!format) throw new Open311Error(404, 'reports.open311.noSuchPath');
          const body = request.body;
          const key = keys.get(request);
          if (!key) throw new Open311Error(403, 'reports.open311.apiKey');
          const gemeente = await jurisdictionOf(formFieldText(body, 'jurisdiction_id'));
          if (key.gemeente !== gemeente) throw new Open311Error(403, 'reports.open311.apiKeyJurisdiction');
          const serviceCode = (formFieldText(body, 'service_code') ?? '').trim();
          if (serviceCode === '') throw new Open311Error(400, 'reports.open311.noService');
          const tree = await categoriesOf(ctx, gemeente, 'nl');
          if (!tree.some((m) => m.subcategories.some((s) => s.code === serviceCode)))
            throw new Open311Error(404, 'reports.open311.unknownService', { code: serviceCode });
          const lat = (formFieldText(body, 'lat') ?? '').trim();
          const lon = (formFieldText(body, 'long') ?? '').trim();
          const address = (formFieldText(body, 'address_string') ?? '').trim();
          const addressId = (formFieldText(body, 'address_id') ?? '').trim().toUpperCase();
          if ((lat === '' || lon === '') && address === '')
            throw new Open311Error(400, 'reports.open311.noLocation');
          if ((lat === '' || lon === '') && !/^BU[0-9]{8}$/.test(addressId))
            throw new Open311Error(400, 'reports.open311.addressNeedsBuurt');
          const form = {
            ...emptySubmitForm(gemeente),
            category: serviceCode,
            description: (formFieldText(body, 'description') ?? '').slice(0, 5000),
            lat: lat !== '' && lon !== '' ? lat : '',
            lon: lat !== '' && lon !== '' ? lon : '',
            buurt: addressId,
            address: address.slice(0, 5000),
            email: formFieldText(body, 'email') ?? '',
          };
          const checked = checkSubmitForm(form, { staff: false });
          if (!checked.input)
            throw new DomainError('validation_failed', 'errors.validation', {}, checked.issues);
          const input = { ...checked.input, channel: 'api' as const };
          // The place decides the gemeente: a point or buurt elsewhere is not this jurisdiction's.
          const place = input.point
            ? await ctx.places.placeOfPoint(input.point.lat, input.point.lon)
            : await ctx.places.placeOfBuurt(addressId);
          if (!place || place.gemeente.code !== gemeente)
            throw new Open311Error(400, 'reports.open311.outsideJurisdiction', { id: gemeente });
          const made = await submitReport(
            ctx,
            { actor: request.actor, channel: 'api', ip: request.ip },
            input,
          );
          return send(reply, format, 'service_requests', [
            {
              service_request_id: made.publicId,
              service_notice: request.t('reports.open311.notice', { dueOn: made.dueOn }),
              account_id: null,
              token: made.token,
            },
          ]);
        },
      );

      scope.get(
        '/requests.:format',
        { config: { access: 'public', rateLimit: reads } },
        async (request, reply) => {
          const format = splitFormat(`requests.${(request.params as { format: string }).format}`)?.format;
          if (!format) throw new Open311Error(404, 'reports.open311.noSuchPath');
          const gemeente = await jurisdictionOf(query(request, 'jurisdiction_id'));
          const ids = commaList(query(request, 'service_request_id'));
          if (ids) {
            // The specification: a list of ids overrides every other parameter.
            const rows = await repo.findServiceRequests(
              ctx.db,
              { gemeente, publicIds: ids.filter((id) => PUBLIC_ID.test(id)).slice(0, MAX_REQUESTS) },
              MAX_REQUESTS,
            );
            return send(reply, format, 'service_requests', rows.map(serviceRequestOf));
          }
          const dates = ['start_date', 'end_date'].map((name) => {
            const value = query(request, name);
            if (value === undefined || value.trim() === '') return undefined;
            const at = parseOpen311DateTime(value.trim());
            if (!at) throw new Open311Error(400, 'reports.open311.badDate', { name });
            return at;
          });
          const window = requestWindow(dates[0], dates[1], ctx.now());
          if (window === 'too_long') throw new Open311Error(400, 'reports.open311.windowTooLong');
          if (window === 'reversed') throw new Open311Error(400, 'reports.open311.windowReversed');
          const statuses = commaList(query(request, 'status'));
          if (statuses?.some((s) => s !== 'open' && s !== 'closed'))
            throw new Open311Error(400, 'reports.open311.badStatus');
          const open = statuses?.includes('open') ?? true;
          const closed = statuses?.includes('closed') ?? true;
          const rows = await repo.findServiceRequests(
            ctx.db,
            {
              gemeente,
              categoryCodes: commaList(query(request, 'service_code')),
              statuses:
                open && closed
                  ? undefined
                  : open
                    ? ['new', 'accepted', 'in_progress', 'forwarded', 'reopened']
                    : ['closed'],
              from: window.from,
              to: window.to,
            },
            MAX_REQUESTS,
          );
          return send(reply, format, 'service_requests', rows.map(serviceRequestOf));
        },
      );

      scope.get(
        '/requests/:file',
        { config: { access: 'public', rateLimit: reads } },
        async (request, reply) => {
          const file = splitFormat((request.params as { file: string }).file);
          if (!file) throw new Open311Error(404, 'reports.open311.noSuchPath');
          const gemeente = await jurisdictionOf(query(request, 'jurisdiction_id'));
          const rows = PUBLIC_ID.test(file.name)
            ? await repo.findServiceRequests(ctx.db, { gemeente, publicIds: [file.name] }, 1)
            : [];
          if (rows.length === 0)
            throw new Open311Error(404, 'reports.open311.unknownRequest', { id: file.name });
          return send(reply, file.format, 'service_requests', rows.map(serviceRequestOf));
        },
      );

      scope.get(
        '/tokens/:file',
        { config: { access: 'public', rateLimit: reads } },
        async (request, reply) => {
          const file = splitFormat((request.params as { file: string }).file);
          if (!file) throw new Open311Error(404, 'reports.open311.noSuchPath');
          const gemeente = await jurisdictionOf(query(request, 'jurisdiction_id'));
          const found = /^[A-Za-z0-9_-]{43}$/.test(file.name)
            ? await repo.findReportByTrackingHash(
                ctx.db,
                crypto.createHash('sha256').update(file.name).digest('hex'),
              )
            : undefined;
          if (!found || found.municipality_code !== gemeente)
            throw new Open311Error(404, 'reports.open311.unknownToken');
          return send(reply, file.format, 'service_requests', [
            { service_request_id: found.public_id, token: file.name },
          ]);
        },
      );
    },
    { prefix: PREFIX },
  );
}

/** A report as a service request: public fields only (no contact details, no notes). */
function serviceRequestOf(row: repo.ServiceRequestRow): Open311Value {
  return {
    service_request_id: row.public_id,
    status: open311Status(row.status),
    status_notes: row.status_notes,
    service_name: row.category_name,
    service_code: row.category_code,
    description: row.description,
    agency_responsible: row.team_name,
    service_notice: null,
    requested_datetime: open311DateTime(row.requested_at),
    updated_datetime: open311DateTime(row.updated_at),
    expected_datetime: open311DateTime(row.expected_at),
    address: row.address_text,
    address_id: null,
    zipcode: null,
    lat: row.lat,
    long: row.lon,
    media_url: null,
  };
}
