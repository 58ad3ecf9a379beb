const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Until the app can stop gracefully (stopOnSignals needs the app, which takes seconds to build and
 * may be waiting for its database), a SIGTERM or SIGINT ends the process at once with `code`: nothing
 * has been served yet, and what a connection had begun dies with it. Without this, Node's default
 * would kill the process with 143 and no word. Returns the disarm to call once stopOnSignals is set.
 */
export function exitOnSignalsWhileStarting(name: string, code: number): () => void {
  const exit = (signal: NodeJS.Signals): void => {
    process.stderr.write(`${name}: ${signal} received while starting; exiting\n`);
    process.exit(code);
  };
  for (const signal of SIGNALS) process.on(signal, exit);
  return () => {
    for (const signal of SIGNALS) process.off(signal, exit);
  };
}
