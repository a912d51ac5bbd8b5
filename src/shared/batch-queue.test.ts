import { describe, expect, it } from 'vitest';
import { BatchQueue } from './batch-queue.js';

/** A sender that answers later, when the test says so, and records the batches it got. */
function controlledSender() {
  const batches: number[][] = [];
  const pending: (() => void)[] = [];
  const send = (items: number[]): Promise<string[]> => {
    batches.push(items);
    if (items.includes(13)) return Promise.reject(new Error('thirteen'));
    return new Promise((resolve) => pending.push(() => resolve(items.map((i) => `answer ${i}`))));
  };
  /** Answers every batch sent, and those sent meanwhile, until a few turns pass with none. */
  const releaseAll = async () => {
    for (let quiet = 0; quiet < 3;) {
      await new Promise((r) => setImmediate(r));
      if (pending.length === 0) {
        quiet++;
        continue;
      }
      quiet = 0;
      for (const release of pending.splice(0)) release();
    }
  };
  return { batches, send, releaseAll };
}

describe('BatchQueue (group commit)', () => {
  it('sends what arrives in one turn of the event loop together, and gathers what arrives meanwhile', async () => {
    const s = controlledSender();
    const queue = new BatchQueue(s.send, { maxInFlight: 2, maxBatch: 3 });
    const first = queue.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    // Alone in its turn, it went at once.
    expect(s.batches).toEqual([[1]]);
    const answers = Promise.all([2, 3, 4, 5, 6, 7, 8, 9].map((i) => queue.submit(i)));
    await new Promise((resolve) => setImmediate(resolve));
    // One place was free: the next three of this turn went together, the rest wait for places.
    expect(s.batches).toEqual([[1], [2, 3, 4]]);
    await s.releaseAll();
    expect(await first).toBe('answer 1');
    expect(await answers).toEqual([2, 3, 4, 5, 6, 7, 8, 9].map((i) => `answer ${i}`));
    expect(s.batches).toEqual([[1], [2, 3, 4], [5, 6, 7], [8, 9]]);
    expect(queue.sent).toEqual({ batches: 4, items: 9 });
  });

  it('lets the callers a returning batch sets free send their next items together', async () => {
    const s = controlledSender();
    const queue = new BatchQueue(s.send, { maxInFlight: 1, maxBatch: 10 });
    // Three callers that each send again as soon as they have their answer (as the bench's
    // workers do, and as requests read in one turn do).
    const caller = async (first: number) => {
      await queue.submit(first);
      await queue.submit(first + 100);
    };
    const callers = Promise.all([1, 2, 3].map(caller));
    await s.releaseAll();
    await callers;
    expect(s.batches).toEqual([
      [1, 2, 3],
      [101, 102, 103],
    ]);
  });

  it('one item failing a batch fails only that item: the others are sent again alone', async () => {
    const s = controlledSender();
    const queue = new BatchQueue(s.send, { maxInFlight: 1, maxBatch: 10 });
    const first = queue.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const rest = [12, 13, 14].map((i) =>
      queue.submit(i).then(
        (a) => a,
        (e: Error) => e.message,
      ),
    );
    await s.releaseAll();
    expect(await first).toBe('answer 1');
    expect(await Promise.all(rest)).toEqual(['answer 12', 'thirteen', 'answer 14']);
    expect(s.batches).toEqual([[1], [12, 13, 14], [12], [13], [14]]);
    expect(queue.sent).toEqual({ batches: 5, items: 7 });
  });
});
