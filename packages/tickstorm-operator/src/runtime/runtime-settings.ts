// The Go runtime settings and ulimits of the server, derived from the container's limits where the
// spec leaves them unset: the numbers the seed asks a person to keep consistent by hand.
//
// - GOMAXPROCS: the CPU limit rounded up to whole cores, at least 1. More threads than the CFS quota
//   allows only get throttled; fewer leave paid-for CPU idle.
// - GOMEMLIMIT: 70% of the memory limit, rounded down to MiB (the seed's 1400MB of 2Gi, about 68%).
//   The Go heap is not all of the process: goroutine stacks, the runtime's own structures, cgo and
//   socket buffers of 50k connections live outside it, and the kernel's page cache of the container is
//   charged to the cgroup too.
// - ULIMIT_MAX_MEMORY_SIZE (RLIMIT_AS): between the two, 75% of the limit (the seed's 1.5GB of 2Gi),
//   or halfway from an explicit GOMEMLIMIT above that to the limit.
//
// GOMEMLIMIT is written in Go's own syntax: the seed's `1400MB` is not one (Go accepts B, KiB, MiB,
// GiB and TiB only) and makes the runtime refuse to start.
import type { V1EnvVar } from '@kubernetes/client-node';
import type { DefaultedTickStormSpec } from '../api/v1alpha1/defaults.ts';
import type { EffectiveRuntimeStatus } from '../api/v1alpha1/tickstorm.ts';
import { OPERATOR_ENV } from '../api/v1alpha1/config-keys.ts';
import { integerValue, milliValue } from '../support/quantity.ts';

export const GOMEMLIMIT_FRACTION = 0.7;
export const ULIMIT_MEMORY_FRACTION = 0.75;
const MIB = 2 ** 20;

export type RuntimeSource = 'Derived' | 'Explicit';

export interface RuntimeSetting {
  /** The value the container receives, as its environment variable spells it. */
  value: string;
  source: RuntimeSource;
  /** How a derived value was computed. */
  from?: string;
}

export interface RuntimeSettings {
  gomaxprocs: RuntimeSetting;
  gomemlimit: RuntimeSetting;
  gogc: RuntimeSetting;
  ulimits: {
    maxOpenFiles: RuntimeSetting;
    maxMemorySize: RuntimeSetting;
    maxCpuTime: RuntimeSetting;
    maxStackSize: RuntimeSetting;
    maxCoreSize: RuntimeSetting;
  };
  /** GOMEMLIMIT and ULIMIT_MAX_MEMORY_SIZE in bytes, for checks and messages. */
  bytes: { gomemlimit: number; maxMemorySize: number; memoryLimit: number };
}

export type RuntimeInput = Pick<DefaultedTickStormSpec, 'resources' | 'runtime' | 'ulimits'>;

export function runtimeSettings(spec: RuntimeInput): RuntimeSettings {
  const { resources, runtime, ulimits } = spec;
  const memoryLimit = integerValue(resources.limits.memory);
  const gomemlimit = goMemLimit(runtime.gomemlimit, memoryLimit, resources.limits.memory);
  const maxMemorySize = ulimitMemory(ulimits.maxMemorySize, gomemlimit.bytes, memoryLimit, resources.limits.memory);
  return {
    gomaxprocs: goMaxProcs(runtime.gomaxprocs, resources.limits.cpu),
    gomemlimit: gomemlimit.setting,
    gogc: explicit(String(runtime.gogc)),
    ulimits: {
      maxOpenFiles: explicit(String(ulimits.maxOpenFiles)),
      maxMemorySize: maxMemorySize.setting,
      maxCpuTime: explicit(String(ulimits.maxCpuTime)),
      maxStackSize: explicit(String(integerValue(ulimits.maxStackSize))),
      maxCoreSize: explicit(String(integerValue(ulimits.maxCoreSize))),
    },
    bytes: { gomemlimit: gomemlimit.bytes, maxMemorySize: maxMemorySize.bytes, memoryLimit },
  };
}

/** The environment variables of the settings, in a fixed order (the pod template must not change by itself). */
export function runtimeEnv(settings: RuntimeSettings): V1EnvVar[] {
  const { ulimits } = settings;
  return [
    { name: OPERATOR_ENV.gomaxprocs, value: settings.gomaxprocs.value },
    { name: OPERATOR_ENV.gomemlimit, value: settings.gomemlimit.value },
    { name: OPERATOR_ENV.gogc, value: settings.gogc.value },
    { name: OPERATOR_ENV.maxOpenFiles, value: ulimits.maxOpenFiles.value },
    { name: OPERATOR_ENV.maxMemorySize, value: ulimits.maxMemorySize.value },
    { name: OPERATOR_ENV.maxCpuTime, value: ulimits.maxCpuTime.value },
    { name: OPERATOR_ENV.maxStackSize, value: ulimits.maxStackSize.value },
    { name: OPERATOR_ENV.maxCoreSize, value: ulimits.maxCoreSize.value },
  ];
}

/** The settings as status.effectiveRuntime shows them. */
export function effectiveRuntimeStatus(settings: RuntimeSettings): EffectiveRuntimeStatus {
  const { bytes: _bytes, ...status } = settings;
  return status;
}

function goMaxProcs(explicitValue: number | undefined, cpuLimit: string | number): RuntimeSetting {
  if (explicitValue !== undefined) return explicit(String(explicitValue));
  const cores = Math.max(1, Math.ceil(milliValue(cpuLimit) / 1000));
  return derived(String(cores), `limits.cpu ${cpuLimit} rounded up to whole cores`);
}

function goMemLimit(explicitValue: string | number | undefined, memoryLimit: number, limitText: string | number): { setting: RuntimeSetting; bytes: number } {
  if (explicitValue !== undefined) {
    const bytes = integerValue(explicitValue);
    return { setting: explicit(goMemLimitSyntax(bytes)), bytes };
  }
  const target = Math.floor(memoryLimit * GOMEMLIMIT_FRACTION);
  // Whole MiB reads better (1433MiB) and costs at most 1 MiB of headroom; below 1 MiB, bytes.
  const bytes = target >= MIB ? Math.floor(target / MIB) * MIB : target;
  return {
    setting: derived(goMemLimitSyntax(bytes), `${GOMEMLIMIT_FRACTION * 100}% of limits.memory ${limitText}, rounded down to MiB`),
    bytes,
  };
}

function ulimitMemory(
  explicitValue: string | number | undefined,
  gomemlimit: number,
  memoryLimit: number,
  limitText: string | number,
): { setting: RuntimeSetting; bytes: number } {
  if (explicitValue !== undefined) {
    const bytes = integerValue(explicitValue);
    return { setting: explicit(String(bytes)), bytes };
  }
  const threeQuarters = Math.floor(memoryLimit * ULIMIT_MEMORY_FRACTION);
  if (threeQuarters > gomemlimit) {
    return { setting: derived(String(threeQuarters), `${ULIMIT_MEMORY_FRACTION * 100}% of limits.memory ${limitText}`), bytes: threeQuarters };
  }
  const halfway = Math.floor((gomemlimit + memoryLimit) / 2);
  return { setting: derived(String(halfway), `halfway between GOMEMLIMIT and limits.memory ${limitText}`), bytes: halfway };
}

/** Go's GOMEMLIMIT syntax: whole MiB as `<n>MiB`, anything else in bytes as `<n>B`. */
export function goMemLimitSyntax(bytes: number): string {
  return bytes > 0 && bytes % MIB === 0 ? `${bytes / MIB}MiB` : `${bytes}B`;
}

const explicit = (value: string): RuntimeSetting => ({ value, source: 'Explicit' });
const derived = (value: string, from: string): RuntimeSetting => ({ value, source: 'Derived', from });
