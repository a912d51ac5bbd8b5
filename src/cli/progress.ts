import cliProgress from 'cli-progress';

/** Where progress goes: normally `process.stderr`, so stdout keeps only the results. */
export type ProgressStream = NodeJS.WritableStream & { readonly isTTY?: boolean };

/** Progress of one long step; `stop()` must be called whether the step succeeded or not. */
export interface Progress {
  update(done: number): void;
  stop(): void;
}

/**
 * Shows progress of `total` units on `stream`: a live bar on a terminal, and otherwise
 * (a log file, CI, a pipe) a plain line at every further 10%, so logs stay short and readable.
 */
export function createProgress(
  label: string,
  total: number,
  stream: ProgressStream = process.stderr,
): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format: `${label} [{bar}] {percentage}% | {value}/{total}`,
        hideCursor: true,
        // The bar is drawn only on a terminal; outside one we print the lines below.
        noTTYOutput: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    let stopped = false;
    return {
      update(done) {
        if (!stopped) bar.update(Math.min(done, total));
      },
      stop() {
        if (stopped) return;
        stopped = true;
        bar.stop();
      },
    };
  }

  let lastStep = -1;
  return {
    update(done) {
      const percent = total > 0 ? Math.floor((Math.min(done, total) / total) * 100) : 100;
      const step = Math.floor(percent / 10);
      if (step <= lastStep) return;
      lastStep = step;
      stream.write(`${label}: ${done}/${total} (${percent}%)\n`);
    },
    stop() {},
  };
}
