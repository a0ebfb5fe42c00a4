/**
 * How both entry points (`npm run simulator`, and `npm start`, which embeds the
 * simulator and takes this from it) stop: SIGINT or SIGTERM
 * closes `what` cleanly, then the process exits (0, or 1 if closing failed) without
 * waiting on anything a cut request left behind; a second signal while closing exits
 * at once (130).
 */
export function stopOnSignals(what: string, close: () => Promise<void>): void {
  const name = what.charAt(0).toUpperCase() + what.slice(1);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    close()
      .then(
        () => console.log(`${name} stopped (${signal}).`),
        (error: unknown) => {
          console.error(`The ${what} did not close cleanly:`, error);
          process.exitCode = 1;
        },
      )
      .finally(() => process.exit());
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
