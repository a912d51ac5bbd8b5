/**
 * Group commit: calls that arrive while earlier ones are with the database wait here and go
 * together, as one batch (for pledges: one statement, one round trip, one commit for all of
 * them, while the database still decides each one on its own, in order). With little traffic
 * every call goes at once, alone; under load the batches grow by themselves, so throughput rises
 * where it is needed and no call waits for a timer.
 */
export class BatchQueue<Item, Result> {
  private readonly waiting: {
    item: Item;
    resolve: (result: Result) => void;
    reject: (error: unknown) => void;
  }[] = [];
  private inFlight = 0;

  constructor(
    /** Sends a batch; answers one result per item, in the items' order. */
    private readonly send: (items: Item[]) => Promise<Result[]>,
    private readonly options: {
      /** Batches sent and not yet answered (on a pipelined connection: sent ahead). */
      maxInFlight: number;
      maxBatch: number;
    },
  ) {}

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.options.maxBatch);
      this.inFlight++;
      void this.dispatch(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async dispatch(batch: typeof this.waiting): Promise<void> {
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
      // One item's failure (or a deadlock with another process's batch, or a lost connection)
      // must not fail the others: each is sent again on its own, and only its own error
      // reaches its caller.
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
