import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageContext, sendPage, type WebDeps } from '../../web/page.js';
import type { FormError } from '../../web/views/form.js';
import type { IdentityContext } from './identity.context.js';
import {
  changeStaffRoles,
  createSetupLink,
  getStaff,
  inviteStaff,
  listStaff,
  manageablePlaces,
  setStaffDisabled,
} from './staff-management.service.js';
import { grantsFromForm, inviteForm, rolesForm, staffIdParams } from './identity.schema.js';
import { formErrorsOf } from '../../web/form-errors.js';
import { staffActingOf } from './identity.web.js';
import { parseForm } from '../../web/form-fields.js';
import { identityPermissions } from './identity.permissions.js';
import { scopesOf, type RoleGrant } from '../../access/index.js';
import { canDisableAccount, withinScope, type StaffAccount } from './staff.js';
import { InvitePage, SetupLinkPage, StaffDetailPage, StaffListPage } from './views/staff-pages.js';

const access = { permission: 'identity.staff.manage' } as const;
const BASE = '/beheer/medewerkers';

const NOTICES: Record<string, string> = {
  rollen: 'identity.staffDetail.saved',
  uitgeschakeld: 'identity.staffDetail.disabled',
  ingeschakeld: 'identity.staffDetail.enabled',
};

/** Administrators' pages to list, invite and manage the staff of their gemeente. */
export async function registerStaffPages(
  app: FastifyInstance,
  deps: { identity: IdentityContext; web: WebDeps },
): Promise<void> {
  const { identity, web } = deps;
  const pages = app.withTypeProvider<ZodTypeProvider>();

  const scopes = (request: FastifyRequest) =>
    scopesOf(identityPermissions['identity.staff.manage'], request.actor);

  async function sendDetail(
    request: FastifyRequest,
    reply: FastifyReply,
    account: StaffAccount,
    options: {
      selected?: RoleGrant[];
      organisation?: string;
      errors?: FormError[];
      notice?: string | undefined;
    },
  ) {
    const own = scopes(request);
    const managerId = request.actor.kind === 'staff' ? request.actor.accountId : '';
    const inScope = account.grants.filter((g) => withinScope(own, g));
    const errors = options.errors ?? [];
    return sendPage(
      reply,
      StaffDetailPage({
        ctx: pageContext(request, reply, web),
        account,
        places: await manageablePlaces(identity, request.actor),
        selected: options.selected ?? inScope,
        organisation: options.organisation ?? inScope.find((g) => g.organisation)?.organisation ?? '',
        elsewhere: account.grants.filter((g) => !withinScope(own, g)),
        canDisable: canDisableAccount(own, account, managerId),
        errors,
        notice: options.notice,
      }),
      errors.length > 0 ? 400 : 200,
    );
  }

  pages.get(BASE, { config: { access }, schema: { hide: true } }, async (request, reply) => {
    const [places, staff] = await Promise.all([
      manageablePlaces(identity, request.actor),
      listStaff(identity, request.actor),
    ]);
    return sendPage(reply, StaffListPage({ ctx: pageContext(request, reply, web), places, staff }));
  });

  pages.get(`${BASE}/uitnodigen`, { config: { access }, schema: { hide: true } }, async (request, reply) => {
    const places = await manageablePlaces(identity, request.actor);
    const values = { email: '', displayName: '', organisation: '', grants: [] };
    return sendPage(reply, InvitePage({ ctx: pageContext(request, reply, web), places, values, errors: [] }));
  });

  pages.post(`${BASE}/uitnodigen`, { config: { access }, schema: { hide: true } }, async (request, reply) => {
    const form = parseForm(inviteForm, request.body);
    const grants = grantsFromForm(form);
    try {
      const { account, setupUrl } = await inviteStaff(
        identity,
        staffActingOf(request),
        { email: form.email, displayName: form.displayName, grants },
        request.locale,
      );
      // Shown once, now: only the link's hash is stored. No caching of a page with a secret.
      reply.header('Cache-Control', 'no-store');
      const ctx = pageContext(request, reply, web);
      return sendPage(
        reply,
        SetupLinkPage({ ctx, title: ctx.t('identity.invited.title'), account, setupUrl }),
        201,
      );
    } catch (error) {
      const errors = formErrorsOf(error, request);
      const places = await manageablePlaces(identity, request.actor);
      const values = {
        email: form.email,
        displayName: form.displayName,
        organisation: form.organisation,
        grants,
      };
      return sendPage(
        reply,
        InvitePage({ ctx: pageContext(request, reply, web), places, values, errors }),
        400,
      );
    }
  });

  pages.get(
    `${BASE}/:id`,
    {
      config: { access },
      schema: {
        hide: true,
        params: staffIdParams,
        querystring: z.object({ opgeslagen: z.string().optional() }),
      },
    },
    async (request, reply) => {
      const account = await getStaff(identity, request.actor, request.params.id);
      const key = NOTICES[request.query.opgeslagen ?? ''];
      return sendDetail(request, reply, account, { notice: key ? request.t(key) : undefined });
    },
  );

  pages.post(
    `${BASE}/:id/rollen`,
    { config: { access }, schema: { hide: true, params: staffIdParams } },
    async (request, reply) => {
      const form = parseForm(rolesForm, request.body);
      const grants = grantsFromForm(form);
      try {
        await changeStaffRoles(identity, staffActingOf(request), request.params.id, grants);
        return reply.redirect(`${BASE}/${request.params.id}?opgeslagen=rollen`, 303);
      } catch (error) {
        const errors = formErrorsOf(error, request);
        const account = await getStaff(identity, request.actor, request.params.id);
        return sendDetail(request, reply, account, {
          selected: grants,
          organisation: form.organisation,
          errors,
        });
      }
    },
  );

  for (const [path, disabled, notice] of [
    ['uitschakelen', true, 'uitgeschakeld'],
    ['inschakelen', false, 'ingeschakeld'],
  ] as const) {
    pages.post(
      `${BASE}/:id/${path}`,
      { config: { access }, schema: { hide: true, params: staffIdParams } },
      async (request, reply) => {
        await setStaffDisabled(identity, staffActingOf(request), request.params.id, disabled);
        return reply.redirect(`${BASE}/${request.params.id}?opgeslagen=${notice}`, 303);
      },
    );
  }

  pages.post(
    `${BASE}/:id/instellink`,
    { config: { access }, schema: { hide: true, params: staffIdParams } },
    async (request, reply) => {
      const setupUrl = await createSetupLink(
        identity,
        staffActingOf(request),
        request.params.id,
        request.locale,
      );
      const account = await getStaff(identity, request.actor, request.params.id);
      reply.header('Cache-Control', 'no-store');
      const ctx = pageContext(request, reply, web);
      return sendPage(
        reply,
        SetupLinkPage({ ctx, title: ctx.t('identity.newLink.title'), account, setupUrl }),
      );
    },
  );
}
