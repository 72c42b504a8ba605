/**
 * The client-side deadline of a watch that asked the server to end it after `timeoutSeconds`.
 *
 * The server's timeout only helps while bytes flow: a connection that stays open but stalls (a
 * half-dead NAT entry, a proxy that stopped forwarding) would otherwise leave the watch, and the
 * cache fed by it, silent forever. TCP keep-alive does not notice, since the peer that answers
 * the probes may be the stalled middlebox. The grace covers the server's own lateness: 10 % of
 * the timeout, at least 2 s and at most 30 s.
 */
export function watchDeadlineMs(timeoutSeconds: number): number {
  const graceMs = Math.min(30_000, Math.max(2_000, timeoutSeconds * 100));
  return timeoutSeconds * 1000 + graceMs;
}
