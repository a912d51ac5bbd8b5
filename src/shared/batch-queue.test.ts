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
  const releaseAll = async () => {
    while (pending.length > 0) {
      for (const release of pending.splice(0)) release();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { batches, send, releaseAll };
}

describe('BatchQueue (group commit)', () => {
  it('sends at once while there is room, and gathers what arrives meanwhile into batches', async () => {
    const s = controlledSender();
    const queue = new BatchQueue(s.send, { maxInFlight: 2, maxBatch: 3 });
    const answers = Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((i) => queue.submit(i)));
    await s.releaseAll();
    expect(await answers).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((i) => `answer ${i}`));
    // Two go alone at once; the rest waited and went in batches of at most three.
    expect(s.batches).toEqual([[1], [2], [3, 4, 5], [6, 7, 8]]);
  });

  it('one item failing a batch fails only that item: the others are sent again alone', async () => {
    const s = controlledSender();
    const queue = new BatchQueue(s.send, { maxInFlight: 1, maxBatch: 10 });
    const first = queue.submit(1);
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
  });
});
