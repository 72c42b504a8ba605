import { aTickStorm, withLimits, withSpec } from '../../test/fixtures.ts';
import { effectiveRuntimeStatus, goMemLimitSyntax, runtimeEnv, runtimeSettings } from './runtime-settings.ts';

const settingsOf = (...options: Parameters<typeof aTickStorm>) => runtimeSettings(aTickStorm(...options).spec);
const MiB = 2 ** 20;

describe('runtimeSettings: GOMAXPROCS', () => {
  it.each([
    ['2000m', '2'],
    ['2', '2'],
    ['1500m', '2'],
    ['1001m', '2'],
    ['1000m', '1'],
    ['250m', '1'],
    ['1m', '1'],
    ['3', '3'],
    ['0.1', '1'],
    ['15500m', '16'],
  ])('limits.cpu %s derives %s (rounded up, at least 1)', (cpu, gomaxprocs) => {
    expect(settingsOf(withLimits({ cpu })).gomaxprocs).toEqual({ value: gomaxprocs, source: 'Derived', from: `limits.cpu ${cpu} rounded up to whole cores` });
  });

  it('takes an explicit value as it is', () => {
    expect(settingsOf(withSpec({ runtime: { gomaxprocs: 6 } })).gomaxprocs).toEqual({ value: '6', source: 'Explicit' });
  });
});

describe('runtimeSettings: GOMEMLIMIT', () => {
  it.each<[string, string, number]>([
    ['2Gi', '1433MiB', 1433 * MiB],
    ['1Gi', '716MiB', 716 * MiB],
    ['512Mi', '358MiB', 358 * MiB],
    ['4Gi', '2867MiB', 2867 * MiB],
    ['2G', '1335MiB', 1335 * MiB],
    ['1Mi', '734003B', 734003],
    ['100', '70B', 70],
  ])('limits.memory %s derives %s: 70%%, rounded down to MiB', (memory, value, bytes) => {
    const settings = settingsOf(withLimits({ memory }));
    expect(settings.gomemlimit).toEqual({ value, source: 'Derived', from: `70% of limits.memory ${memory}, rounded down to MiB` });
    expect(settings.bytes.gomemlimit).toBe(bytes);
    expect(settings.bytes.gomemlimit).toBeLessThanOrEqual(0.7 * settings.bytes.memoryLimit);
  });

  it.each<[string | number, string, number]>([
    ['1400Mi', '1400MiB', 1400 * MiB],
    ['1400M', '1400000000B', 1.4e9],
    ['1.5Gi', '1536MiB', 1536 * MiB],
    [1000000000, '1000000000B', 1e9],
  ])('an explicit %s is written in Go syntax as %s', (gomemlimit, value, bytes) => {
    const settings = settingsOf(withSpec({ runtime: { gomemlimit } }));
    expect(settings.gomemlimit).toEqual({ value, source: 'Explicit' });
    expect(settings.bytes.gomemlimit).toBe(bytes);
  });
});

describe('runtimeSettings: the memory ulimit', () => {
  it("is 75% of the limit when GOMEMLIMIT is derived: the seed's 1.5GB of 2Gi", () => {
    const settings = settingsOf();
    expect(settings.ulimits.maxMemorySize).toEqual({ value: '1610612736', source: 'Derived', from: '75% of limits.memory 2Gi' });
  });

  it.each(['512Mi', '1Gi', '2Gi', '3Gi', '8Gi', '100Mi', '1Mi'])('lies strictly between the derived GOMEMLIMIT and limits.memory %s', (memory) => {
    const { bytes } = settingsOf(withLimits({ memory }));
    expect(bytes.maxMemorySize).toBeGreaterThan(bytes.gomemlimit);
    expect(bytes.maxMemorySize).toBeLessThan(bytes.memoryLimit);
  });

  it('sits halfway between an explicit GOMEMLIMIT above 75% and the limit', () => {
    const settings = settingsOf(withSpec({ runtime: { gomemlimit: '1800Mi' } }));
    expect(settings.ulimits.maxMemorySize).toEqual({ value: String((1800 * MiB + 2048 * MiB) / 2), source: 'Derived', from: 'halfway between GOMEMLIMIT and limits.memory 2Gi' });
    expect(settings.bytes.maxMemorySize).toBeGreaterThan(settings.bytes.gomemlimit);
  });

  it('stays at 75% with an explicit GOMEMLIMIT below it', () => {
    expect(settingsOf(withSpec({ runtime: { gomemlimit: '1Gi' } })).ulimits.maxMemorySize.value).toBe('1610612736');
  });

  it('takes an explicit value, in bytes', () => {
    expect(settingsOf(withSpec({ ulimits: { maxMemorySize: '1.6Gi' } })).ulimits.maxMemorySize).toEqual({ value: String(Math.ceil(1.6 * 2 ** 30)), source: 'Explicit' });
  });
});

describe('runtimeSettings: the values taken from the spec', () => {
  it("are the spec's (the seed's defaults), in the units the server reads", () => {
    const { gogc, ulimits } = settingsOf();
    expect(gogc).toEqual({ value: '100', source: 'Explicit' });
    expect(ulimits.maxOpenFiles).toEqual({ value: '65536', source: 'Explicit' });
    expect(ulimits.maxCpuTime).toEqual({ value: '7200', source: 'Explicit' });
    expect(ulimits.maxStackSize).toEqual({ value: '8388608', source: 'Explicit' });
    expect(ulimits.maxCoreSize).toEqual({ value: '0', source: 'Explicit' });
  });

  it("passes GOGC=off through", () => {
    expect(settingsOf(withSpec({ runtime: { gogc: 'off' } })).gogc.value).toBe('off');
  });
});

describe('runtimeEnv', () => {
  it('is the seed\'s variables, in a fixed order, with the derived values', () => {
    expect(runtimeEnv(settingsOf())).toEqual([
      { name: 'GOMAXPROCS', value: '2' },
      { name: 'GOMEMLIMIT', value: '1433MiB' },
      { name: 'GOGC', value: '100' },
      { name: 'ULIMIT_MAX_OPEN_FILES', value: '65536' },
      { name: 'ULIMIT_MAX_MEMORY_SIZE', value: '1610612736' },
      { name: 'ULIMIT_MAX_CPU_TIME', value: '7200' },
      { name: 'ULIMIT_MAX_STACK_SIZE', value: '8388608' },
      { name: 'ULIMIT_MAX_CORE_SIZE', value: '0' },
    ]);
  });

  it('follows a change of the limits: GOMAXPROCS, GOMEMLIMIT and the memory ulimit move together', () => {
    const env = Object.fromEntries(runtimeEnv(settingsOf(withLimits({ cpu: '4', memory: '4Gi' }))).map(({ name, value }) => [name, value]));
    expect(env).toMatchObject({ GOMAXPROCS: '4', GOMEMLIMIT: '2867MiB', ULIMIT_MAX_MEMORY_SIZE: String(3 * 2 ** 30) });
  });
});

describe('effectiveRuntimeStatus', () => {
  it('is the settings without the byte counts, as status.effectiveRuntime holds them', () => {
    const status = effectiveRuntimeStatus(settingsOf());
    expect(status).not.toHaveProperty('bytes');
    expect(status.gomaxprocs).toEqual({ value: '2', source: 'Derived', from: 'limits.cpu 2000m rounded up to whole cores' });
    expect(Object.keys(status.ulimits ?? {})).toEqual(['maxOpenFiles', 'maxMemorySize', 'maxCpuTime', 'maxStackSize', 'maxCoreSize']);
  });
});

describe('goMemLimitSyntax', () => {
  it.each<[number, string]>([
    [1433 * MiB, '1433MiB'],
    [1.4e9, '1400000000B'],
    [0, '0B'],
    [1, '1B'],
  ])('%d bytes is %s (Go accepts B, KiB, MiB, GiB, TiB; never the seed\'s MB)', (bytes, text) => {
    expect(goMemLimitSyntax(bytes)).toBe(text);
    expect(text).toMatch(/^\d+(B|MiB)$/);
  });
});
