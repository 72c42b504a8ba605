import { controllerOptionsFromEnv } from './main.ts';

describe('controllerOptionsFromEnv', () => {
  it('reads the ResourcePressure window in minutes, fractions included', () => {
    expect(controllerOptionsFromEnv({ TICKSTORM_PRESSURE_WINDOW_MINUTES: '0.5' })).toEqual({ pressureWindowMinutes: 0.5 });
    expect(controllerOptionsFromEnv({})).toEqual({});
  });

  it.each(['0', '-1', 'ten'])('refuses %j', (value) => {
    expect(() => controllerOptionsFromEnv({ TICKSTORM_PRESSURE_WINDOW_MINUTES: value })).toThrow('TICKSTORM_PRESSURE_WINDOW_MINUTES must be a positive number');
  });
});
