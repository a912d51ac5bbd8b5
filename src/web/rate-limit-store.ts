import { sql } from 'kysely';
import type { Db } from '../db/database.js';

interface RateLimitCounterTable {
  key: string;
  window_start: Date;
  hits: number;
  expires_at: Date;
}

// A type alias, not an interface: Kysely's withTables needs the implicit index signature.
type RateLimitTables = { rate_limit_counter: RateLimitCounterTable };

/** One counter to bump: its key and the fixed window it falls in. */
export interface CounterHit {
  key: string;
  windowStart: Date;
  expiresAt: Date;
}

/** How often expired counters are swept, per process. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * Rate-limit counters in the database, so every app process counts the same attempts. Each
 * request costs one statement: an upsert of all its counters returning their new totals,
 * served by the primary key. Expired windows are deleted at most once a minute per process.
 */
export class RateLimitStore {
  private lastSweep = 0;

  constructor(private readonly db: Db) {}

  /** Adds one hit to each counter and returns the totals, in the order given. */
  async hit(hits: readonly CounterHit[], now: Date): Promise<number[]> {
    if (hits.length === 0) return [];
    if (now.getTime() - this.lastSweep >= SWEEP_INTERVAL_MS) {
      this.lastSweep = now.getTime();
      await this.db
        .withTables<RateLimitTables>()
        .deleteFrom('rate_limit_counter')
        .where('expires_at', '<', now)
        .execute();
    }
    const rows = await this.db
      .withTables<RateLimitTables>()
      .insertInto('rate_limit_counter')
      // One row per key: a statement may not update the same row twice.
      .values(
        [...new Map(hits.map((h) => [h.key, h])).values()].map((h) => ({
          key: h.key,
          window_start: h.windowStart,
          hits: 1,
          expires_at: h.expiresAt,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['key', 'window_start']).doUpdateSet({ hits: sql`rate_limit_counter.hits + 1` }),
      )
      .returning(['key', 'hits'])
      .execute();
    const byKey = new Map(rows.map((r) => [r.key, r.hits]));
    return hits.map((h) => byKey.get(h.key) ?? 1);
  }

  /** Takes back one hit from each counter (an attempt that turned out not to count). */
  async giveBack(hits: readonly CounterHit[]): Promise<void> {
    if (hits.length === 0) return;
    const unique = [...new Map(hits.map((h) => [`${h.key}|${h.windowStart.getTime()}`, h])).values()];
    await this.db
      .withTables<RateLimitTables>()
      .updateTable('rate_limit_counter')
      .set({ hits: sql`hits - 1` })
      .where((eb) =>
        eb.or(unique.map((h) => eb.and([eb('key', '=', h.key), eb('window_start', '=', h.windowStart)]))),
      )
      .where('hits', '>', 0)
      .execute();
  }
}

/** The tables the rate limits own. */
export const RATE_LIMIT_TABLES = ['rate_limit_counter'] as const;
