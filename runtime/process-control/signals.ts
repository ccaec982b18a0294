/**
 * Signal handling for live mode. As in p0f, SIGINT and SIGTERM ask the loop to stop (a
 * second one exits at once with status 1). Beyond p0f, SIGHUP reloads the signature
 * database instead of stopping (p0f stops on SIGHUP in the foreground and ignores it as a
 * daemon); see docs/deviations.md.
 */
export interface SignalHandlers {
  readonly onStop: (signal: NodeJS.Signals) => void;
  readonly onReload: () => void;
}

export function installSignalHandlers(handlers: SignalHandlers): () => void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) process.exit(1);
    stopping = true;
    handlers.onStop(signal);
  };
  const reload = (): void => handlers.onReload();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', reload);
  return () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.off('SIGHUP', reload);
  };
}
