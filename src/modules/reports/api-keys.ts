import crypto from 'node:crypto';
import type { Acting, Actor } from '../../access/index.js';
import { allows } from '../../access/index.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import * as repo from './open311.repository.js';
import { reportsPermissions } from './reports.permissions.js';
import type { ReportsContext } from './reports.service.js';

const KEYS = reportsPermissions['reports.keys'];

/** An API key as administrators see it: never the key itself, which is shown once. */
export interface ApiKey {
  id: string;
  gemeenteCode: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The key a client holds: `bk_` and 32 random bytes (base64url), 46 characters. */
const KEY = /^bk_[A-Za-z0-9_-]{43}$/;

function hashKey(key: string): string {
  return crypto.createHash('sha256').update(key).digest('hex');
}

function apiKeyOf(row: repo.ApiKeyRow): ApiKey {
  return {
    id: row.id,
    gemeenteCode: row.municipality_code,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}

/** Checks a key's name as typed: 2 to 120 characters after trimming. */
export function checkApiKeyName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 2 || trimmed.length > 120)
    throw new ValidationError([{ field: 'name', message: 'reports.keys.errors.name' }]);
  return trimmed;
}

/**
 * Makes an API key for one gemeente (`reports.keys` there: its administrators, or the command
 * line). Returns the key, which is stored only as its SHA-256 and so can be shown only now.
 */
export async function createApiKey(
  ctx: ReportsContext,
  acting: Acting,
  input: { gemeente: string; name: string },
): Promise<{ id: string; key: string }> {
  const name = checkApiKeyName(input.name);
  const key = `bk_${crypto.randomBytes(32).toString('base64url')}`;
  return ctx.commands.run(acting, 'reports.api_key_created', async (step) => {
    const who = step.authorize(KEYS, input.gemeente);
    const id = await repo.insertApiKey(step.trx, {
      municipality_code: input.gemeente,
      name,
      key_hash: hashKey(key),
      created_at: step.now,
      created_by_account_id: typeof who === 'string' ? null : who.accountId,
    });
    step.record({
      subject: { type: 'report_api_key', id },
      municipalityCodes: [input.gemeente],
      details: { name },
    });
    return { id, key };
  });
}

/** Revokes a key of a gemeente where the actor holds `reports.keys`; NotFoundError for any other. */
export async function revokeApiKey(ctx: ReportsContext, acting: Acting, id: string): Promise<void> {
  await ctx.commands.run(acting, 'reports.api_key_revoked', async (step) => {
    const row = /^[0-9a-f-]{36}$/.test(id) ? await repo.findApiKeyById(step.trx, id) : undefined;
    if (!row) throw new NotFoundError('reports.keys.errors.notFound');
    // Another gemeente's key is as unknown as a key that never was.
    if (typeof acting.actor !== 'string' && !allows(KEYS, acting.actor, { placeCode: row.municipality_code }))
      throw new NotFoundError('reports.keys.errors.notFound');
    step.authorize(KEYS, row.municipality_code);
    if (!(await repo.revokeApiKey(step.trx, id, step.now))) {
      step.recordNothing('revoked already: nothing changed');
      return;
    }
    step.record({ subject: { type: 'report_api_key', id }, municipalityCodes: [row.municipality_code] });
  });
}

/** The keys of the gemeenten where the actor holds `reports.keys` (all of a gemeente when given). */
export async function listApiKeys(ctx: ReportsContext, actor: Actor, gemeente: string): Promise<ApiKey[]> {
  if (!allows(KEYS, actor, { placeCode: gemeente })) return [];
  return (await repo.findApiKeys(ctx.db, [gemeente])).map(apiKeyOf);
}

/**
 * The key a client sent, when it is known and not revoked: its id (the rate limit's key) and
 * gemeente. Marks it used (at most once a minute).
 */
export async function authenticateApiKey(
  ctx: ReportsContext,
  key: string,
): Promise<{ id: string; gemeente: string } | undefined> {
  if (!KEY.test(key)) return undefined;
  const row = await repo.findApiKeyByHash(ctx.db, hashKey(key));
  if (!row || row.revoked_at !== null) return undefined;
  await repo.touchApiKey(ctx.db, row.id, ctx.now());
  return { id: row.id, gemeente: row.municipality_code };
}
