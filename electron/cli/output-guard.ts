/**
 * A closed stdout or stderr is the end of the output, not a crash. `rolecall list | head -1` closes
 * the pipe after one line; Node then reports `write EPIPE` as an unhandled 'error' event with a stack
 * trace. Here the first failed write marks the stream cut and every later write is dropped, so the
 * command finishes what it was doing (a file write is never left half done: the work comes before
 * its report) and exits like git does after SIGPIPE: 141 (128 + 13), unless it failed on its own.
 */

/** What commands write to: text only, so a guard can stand in for the real stream. */
export interface CliOutput {
  write(text: string): boolean;
}

export interface GuardedOutput extends CliOutput {
  /** True once a write failed: the reader went away (EPIPE) or the device failed. */
  readonly cut: boolean;
}

export function guardOutput(stream: NodeJS.WritableStream): GuardedOutput {
  let cut = false;
  const onError = () => {
    cut = true;
  };
  // stays attached for the life of the process: a late EPIPE must never become an 'error' crash
  stream.on('error', onError);
  return {
    get cut() {
      return cut;
    },
    write(text: string): boolean {
      if (cut) return false;
      try {
        return stream.write(text, (e) => {
          if (e) cut = true;
        });
      } catch {
        cut = true;
        return false;
      }
    },
  };
}

/**
 * Resolves once failed writes have been reported: a pipe write fails synchronously inside libuv,
 * but Node delivers the error on a later tick.
 */
export function settled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
