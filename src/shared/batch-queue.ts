/**
 * Group commit: calls that arrive while earlier ones are with the database wait here and go
 * together, as one batch (for pledges: one statement, one round trip, one commit for all of
 * them, while the database still decides each one on its own, in order). With little traffic
 * every call goes at once, alone; under load the batches grow by themselves, so throughput rises
 * where it is needed and no call waits for a timer.
 *
 * With `laneOf`, items go in lanes, one per batch in flight, and each lane sends one batch at a
 * time: items that would wait for each other in the database (pledges to one initiative wait for
 * its goal's row lock) are never in two batches in flight at once, and batches in flight together
 * never wait on each other.
 */
export class BatchQueue<Item, Result> {
  private readonly lanes: Lane<Item, Result>[];

  constructor(
    /** Sends a batch; answers one result per item, in the items' order. */
    private readonly send: (items: Item[]) => Promise<Result[]>,
    private readonly options: {
      /** Batches with the database at once (at most the connections it may take). */
      maxInFlight: number;
      maxBatch: number;
      /** Items with the same lane number (modulo maxInFlight) are never in two batches at once. */
      laneOf?: (item: Item) => number;
    },
  ) {
    // Without lanes one queue sends up to maxInFlight batches; with them each lane sends one.
    this.lanes = options.laneOf
      ? Array.from({ length: Math.max(1, options.maxInFlight) }, () => newLane(1))
      : [newLane(options.maxInFlight)];
  }

  submit(item: Item): Promise<Result> {
    const n = this.lanes.length;
    const lane = this.lanes[n === 1 ? 0 : (((this.options.laneOf?.(item) ?? 0) % n) + n) % n];
    return new Promise<Result>((resolve, reject) => {
      lane?.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (const lane of this.lanes) {
      while (lane.inFlight < lane.maxInFlight && lane.waiting.length > 0) {
        const batch = lane.waiting.splice(0, this.options.maxBatch);
        lane.inFlight++;
        void this.dispatch(batch).finally(() => {
          lane.inFlight--;
          this.pump();
        });
      }
    }
  }

  private async dispatch(batch: Waiting<Item, Result>[]): Promise<void> {
    try {
      const results = await this.send(batch.map((b) => b.item));
      for (const [i, b] of batch.entries()) {
        const result = results[i];
        if (result === undefined) b.reject(new Error('a batch answered fewer results than items'));
        else b.resolve(result);
      }
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      // One item's failure (or a deadlock with another batch) must not fail the others: each
      // is sent again on its own, and only its own error reaches its caller.
      for (const b of batch) {
        try {
          const [result] = await this.send([b.item]);
          if (result === undefined) throw new Error('a batch answered no result');
          b.resolve(result);
        } catch (own) {
          b.reject(own);
        }
      }
    }
  }
}

interface Waiting<Item, Result> {
  item: Item;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

interface Lane<Item, Result> {
  waiting: Waiting<Item, Result>[];
  /** Batches of this lane with the database, and how many it may have. */
  inFlight: number;
  maxInFlight: number;
}

function newLane<Item, Result>(maxInFlight: number): Lane<Item, Result> {
  return { waiting: [], inFlight: 0, maxInFlight };
}
