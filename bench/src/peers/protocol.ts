// How a peer process talks to the bench driver (the Go peer speaks the same): one JSON object per
// line on stdout — `{"event":"synced"}` once its watches have listed, `{"event":"reconciled"}` after
// its first reconcile, and one answer per command read from stdin: `mem` → heap in use after a full
// GC (`{"event":"mem","heapBytes":…}`), `depth` → work not yet started (`{"event":"depth","depth":…}`).
// Logs go to stderr. RSS the driver reads itself from /proc, the same way for every peer.
import { createInterface } from 'node:readline';

export interface PeerArgs {
  namespace: string;
  resyncSeconds: number;
}

/** `--namespace <ns> --resync-seconds <s>`, the arguments the driver passes to every peer. */
export function parsePeerArgs(argv: readonly string[]): PeerArgs {
  const value = (flag: string): string => {
    const i = argv.indexOf(flag);
    const v = i >= 0 ? argv[i + 1] : undefined;
    if (v === undefined) throw new Error(`missing ${flag}`);
    return v;
  };
  return { namespace: value('--namespace'), resyncSeconds: Number(value('--resync-seconds')) };
}

function emit(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

let reconciled = false;

export const report = {
  synced: (): void => emit({ event: 'synced' }),
  /** Call after every reconcile; only the first is reported. */
  reconciled: (): void => {
    if (reconciled) return;
    reconciled = true;
    emit({ event: 'reconciled' });
  },
};

/** Answers the driver's commands; `depth` is the peer's own measure of queued work. */
export function serveCommands(depth: () => number): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the peer with node --expose-gc');
  createInterface({ input: process.stdin }).on('line', (line) => {
    if (line === 'mem') {
      gc();
      emit({ event: 'mem', heapBytes: process.memoryUsage().heapUsed });
    } else if (line === 'depth') {
      emit({ event: 'depth', depth: depth() });
    }
  });
}
