// A running peer: its process, the events it reports on stdout and the commands it answers
// (protocol: bench/src/peers/protocol.ts). Its stderr goes to a log file.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { PeerCommand } from './peers.ts';

interface PeerEvent {
  event: string;
  [key: string]: unknown;
}

export class PeerProcess {
  /** performance.now() when the process was spawned. */
  readonly startedAt: number;
  private readonly child: ChildProcess;
  private readonly arrived = new Map<string, { at: number; event: PeerEvent }[]>();
  private readonly waiters: { name: string; after: number; resolve: (e: { at: number; event: PeerEvent }) => void }[] = [];
  private readonly exited: Promise<number | null>;

  constructor(command: PeerCommand, logFile: string) {
    this.startedAt = performance.now();
    this.child = spawn(command.command, command.args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...command.env } });
    this.child.stderr!.pipe(createWriteStream(logFile, { flags: 'a' }));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      let event: PeerEvent;
      try {
        event = JSON.parse(line) as PeerEvent;
      } catch {
        return;
      }
      const entry = { at: performance.now(), event };
      const list = this.arrived.get(event.event) ?? [];
      list.push(entry);
      this.arrived.set(event.event, list);
      const i = this.waiters.findIndex((w) => w.name === event.event && entry.at >= w.after);
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(entry);
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Seconds from spawn to the first `name` event, waiting for it up to `timeoutMs`; undefined if it never came. */
  async secondsUntil(name: string, timeoutMs: number): Promise<number | undefined> {
    const first = this.arrived.get(name)?.[0];
    if (first) return (first.at - this.startedAt) / 1000;
    const entry = await this.next(name, 0, timeoutMs);
    return entry ? (entry.at - this.startedAt) / 1000 : undefined;
  }

  /** Sends a command and returns its answer (the next event of that name), or undefined after `timeoutMs`. */
  async ask(command: 'mem' | 'depth', timeoutMs = 10_000): Promise<PeerEvent | undefined> {
    const after = performance.now();
    const answer = this.next(command, after, timeoutMs);
    this.child.stdin!.write(`${command}\n`);
    return (await answer)?.event;
  }

  private next(name: string, after: number, timeoutMs: number): Promise<{ at: number; event: PeerEvent } | undefined> {
    return new Promise((resolve) => {
      const waiter = { name, after, resolve: (e: { at: number; event: PeerEvent } | undefined) => { clearTimeout(timer); resolve(e); } };
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(undefined);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Resident set size from /proc, the same way for every peer. */
  rssBytes(): number {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
