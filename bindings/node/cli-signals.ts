/**
 * Ctrl-C and `kill` for the CLI's commands: the first SIGINT or SIGTERM asks the work to stop at
 * its next step boundary (through a flag shared with the worker threads), so the command can
 * write what it has and say how to resume; a second one ends the process at once.
 */

/** The exit code of a command stopped by `signal`: 128 + its number, as shells report it. */
export const signalExitCodes = { SIGINT: 130, SIGTERM: 143 } as const;

export type StopSignal = keyof typeof signalExitCodes;

/** A stop request shared with worker threads, set by the first SIGINT or SIGTERM. */
export interface StopRequest {
  /** A SharedArrayBuffer-backed flag (non-zero: stop), for worker threads. */
  readonly flag: Int32Array;
  /** The signal received, if any. */
  readonly received: StopSignal | undefined;
  /** For loops in this thread: `aborted` is true once a signal arrived. */
  readonly signal: { readonly aborted: boolean };
  /** Removes the handlers (the default actions return). */
  dispose(): void;
}

/** Installs the handlers (`onStop` is called at the first signal); the command calls `dispose` when it is done. */
export function stopOnSignals(onStop?: (signal: StopSignal) => void): StopRequest {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  let received: StopSignal | undefined;
  const handler = (signal: StopSignal) => {
    if (received) process.exit(signalExitCodes[received]); // a second signal: the user means it
    received = signal;
    Atomics.store(flag, 0, 1);
    onStop?.(signal);
  };
  const handlers = (Object.keys(signalExitCodes) as StopSignal[]).map((name) => [name, () => handler(name)] as const);
  for (const [name, listener] of handlers) process.on(name, listener);
  return {
    flag,
    get received() {
      return received;
    },
    signal: { get aborted() { return received !== undefined; } },
    dispose() {
      for (const [name, listener] of handlers) process.off(name, listener);
    },
  };
}

/** Lets pending signal handlers run: loops in this thread call it between units of work. */
export function yieldToSignals(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
