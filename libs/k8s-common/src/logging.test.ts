import { PassThrough } from 'node:stream';
import { createLogger, redact } from './logging.ts';

describe('logging', () => {
  it('writes one JSON object per line with the default fields', async () => {
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c.toString()));
    const log = createLogger({ stream, defaultMeta: { controller: 'x' } });
    log.info('reconciled', { namespace: 'ns', name: 'n' });
    await new Promise((r) => setImmediate(r));
    const line = JSON.parse(chunks.join('').trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'info', message: 'reconciled', controller: 'x', namespace: 'ns', name: 'n' });
    expect(typeof line['timestamp']).toBe('string');
  });

  it('never writes secret values', async () => {
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c.toString()));
    const log = createLogger({ stream });
    log.info('applied', { object: { kind: 'Secret', data: { password: 'aGVsbG8=' } }, token: 'abc.def' });
    await new Promise((r) => setImmediate(r));
    const text = chunks.join('');
    expect(text).not.toContain('aGVsbG8=');
    expect(text).not.toContain('abc.def');
    expect(text).toContain('[redacted]');
  });

  it('redacts at depth and keeps the rest', () => {
    expect(redact({ a: [{ stringData: { x: 'y' }, keep: 1 }] })).toEqual({ a: [{ stringData: '[redacted]', keep: 1 }] });
  });
});
