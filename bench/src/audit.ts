// Mutating requests per peer, read from kube-apiserver's audit log (bench/cluster/audit-policy.yaml
// logs only the peers' writes, one JSON line each, at ResponseComplete).
import { readFileSync } from 'node:fs';

export interface AuditWrites {
  total: number;
  /** `verb resource[/subresource]` → count, e.g. `patch benchapps/status`. */
  byRequest: Record<string, number>;
}

interface AuditEvent {
  stage?: string;
  verb?: string;
  user?: { username?: string };
  objectRef?: { resource?: string; subresource?: string };
  requestReceivedTimestamp?: string;
}

/** The writes `username` made whose request arrived in [fromMs, toMs) (epoch milliseconds). */
export function countWrites(auditLog: string, username: string, fromMs: number, toMs: number): AuditWrites {
  const byRequest: Record<string, number> = {};
  let total = 0;
  for (const line of auditLog.split('\n')) {
    if (!line.includes(username)) continue;
    let event: AuditEvent;
    try {
      event = JSON.parse(line) as AuditEvent;
    } catch {
      continue; // a line still being written
    }
    if (event.stage !== 'ResponseComplete' || event.user?.username !== username) continue;
    const at = Date.parse(event.requestReceivedTimestamp ?? '');
    if (!(at >= fromMs && at < toMs)) continue;
    const resource = [event.objectRef?.resource, event.objectRef?.subresource].filter(Boolean).join('/');
    const key = `${event.verb} ${resource}`;
    byRequest[key] = (byRequest[key] ?? 0) + 1;
    total++;
  }
  return { total, byRequest };
}

export function readWrites(auditLogPath: string, username: string, fromMs: number, toMs: number): AuditWrites {
  return countWrites(readFileSync(auditLogPath, 'utf8'), username, fromMs, toMs);
}
