// The runtime settings of the operators' images (their Dockerfile's ENV), which the bench gives
// "ours" so that it runs as a deployed operator runs: Node's memory flags change its RSS by half.
import { readFileSync } from 'node:fs';

/** The variables of a Dockerfile's ENV instructions that change how Node runs. */
export const RUNTIME_VARIABLES = ['NODE_OPTIONS', 'MALLOC_ARENA_MAX'] as const;

/** `KEY=value` pairs of every ENV instruction (continued lines joined, double quotes removed). */
export function dockerfileEnv(dockerfile: string): Record<string, string> {
  const joined = dockerfile.replace(/\\\r?\n/g, ' ');
  const env: Record<string, string> = {};
  for (const line of joined.split(/\r?\n/)) {
    const m = /^\s*ENV\s+(.*)$/.exec(line);
    if (!m) continue;
    for (const pair of m[1]!.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)) env[pair[1]!] = pair[3] ?? pair[2]!;
  }
  return env;
}

/** The runtime variables an image sets, from its Dockerfile. */
export function imageRuntimeEnv(dockerfilePath: string): Record<string, string> {
  const env = dockerfileEnv(readFileSync(dockerfilePath, 'utf8'));
  return Object.fromEntries(RUNTIME_VARIABLES.filter((k) => env[k] !== undefined).map((k) => [k, env[k]!]));
}
