import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { dockerfileEnv, imageRuntimeEnv } from './image-runtime.ts';
import { benchRoot } from './peers.ts';

describe('dockerfileEnv', () => {
  it('reads KEY=value pairs of ENV instructions over continued lines, unquoting values', () => {
    const dockerfile = ['FROM x', 'ENV A=1 \\', '    B="two words" \\', '    C=/a:/b', 'RUN echo D=4', 'ENV E=5'].join('\n');
    expect(dockerfileEnv(dockerfile)).toEqual({ A: '1', B: 'two words', C: '/a:/b', E: '5' });
  });
});

describe('the operators\' images', () => {
  const packages = join(benchRoot, '..', 'packages');
  const operators = readdirSync(packages).filter((p) => p.endsWith('-operator'));

  it('all run Node with the same memory settings, the ones the bench gives ours', () => {
    expect(operators.length).toBeGreaterThanOrEqual(5);
    const settings = operators.map((op) => imageRuntimeEnv(join(packages, op, 'Dockerfile')));
    for (const s of settings) expect(s).toEqual(settings[0]);
    expect(settings[0]!['NODE_OPTIONS']).toMatch(/--max-semi-space-size=\d+/);
    expect(settings[0]!['MALLOC_ARENA_MAX']).toMatch(/^\d+$/);
  });
});
