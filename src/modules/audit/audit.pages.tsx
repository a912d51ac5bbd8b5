import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import { pageContext, sendPage, type WebDeps } from '../../web/page.js';
import type { FormError } from '../../web/views/form.js';
import { scopesOf } from '../../access/index.js';
import { municipalityCodeOf } from '../places/index.js';
import { isIsoDate } from '../../shared/dates.js';
import type { AuditFilter } from './audit.js';
import { auditPermissions } from './audit.permissions.js';
import { auditCsv, searchAudit } from './audit.service.js';
import { AuditPage } from './views/audit-page.js';

const text = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const auditQuery = z.object({
  actor: text(200),
  action: text(100),
  subjectType: text(100),
  subjectId: text(100),
  from: text(10),
  to: text(10),
  voor: z.coerce.number().int().positive().optional(),
});

const access = { permission: 'audit.read' } as const;

/** The gemeenten whose log the reader may see: those of their administrator grants. */
function readableMunicipalities(request: FastifyRequest): string[] {
  return [...new Set(scopesOf(auditPermissions['audit.read'], request.actor).map(municipalityCodeOf))];
}

/** The filter with its date problems; a wrong date is left out of the search and shown beside its field. */
function checkFilter(
  request: FastifyRequest,
  query: z.infer<typeof auditQuery>,
): { filter: AuditFilter; search: AuditFilter; errors: FormError[] } {
  const { voor: _voor, ...filter } = query;
  const errors: FormError[] = [];
  const search: AuditFilter = { ...filter };
  for (const field of ['from', 'to'] as const) {
    const value = filter[field];
    if (value !== undefined && !isIsoDate(value)) {
      errors.push({ field, message: request.t('audit.filter.badDate') });
      search[field] = undefined;
    }
  }
  if (search.from && search.to && search.from > search.to) {
    errors.push({ field: 'to', message: request.t('audit.filter.dateOrder') });
    search.to = undefined;
  }
  return { filter, search, errors };
}

/** `/beheer/audit` (search, paginated) and `/beheer/audit.csv` (the same search, streamed). */
export async function registerAuditPages(
  app: FastifyInstance,
  deps: { db: Db; web: WebDeps },
): Promise<void> {
  const { db, web } = deps;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  pages.get(
    '/beheer/audit',
    { config: { access }, schema: { hide: true, querystring: auditQuery } },
    async (request, reply) => {
      const { filter, search, errors } = checkFilter(request, request.query);
      const { entries, nextBeforeId } = await searchAudit(db, {
        filter: search,
        municipalityCodes: readableMunicipalities(request),
        beforeId: request.query.voor,
      });
      reply.header('Cache-Control', 'no-store');
      return sendPage(
        reply,
        AuditPage({
          ctx: pageContext(request, reply, web),
          filter,
          errors,
          entries,
          nextBeforeId,
          isFirstPage: request.query.voor === undefined,
        }),
        errors.length > 0 ? 400 : 200,
      );
    },
  );

  pages.get(
    '/beheer/audit.csv',
    { config: { access }, schema: { hide: true, querystring: auditQuery } },
    async (request, reply) => {
      const { search } = checkFilter(request, request.query);
      const stamp = new Date().toISOString().slice(0, 10);
      return reply
        .type('text/csv; charset=utf-8; header=present')
        .header('Content-Disposition', `attachment; filename="buurtkracht-logboek-${stamp}.csv"`)
        .header('Cache-Control', 'no-store')
        .send(
          Readable.from(auditCsv(db, { filter: search, municipalityCodes: readableMunicipalities(request) })),
        );
    },
  );
}
