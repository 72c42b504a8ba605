import { takeFlags } from './operator-flags.ts';

describe('takeFlags', () => {
  it('takes both spellings and leaves the manager its own flags in order', () => {
    expect(takeFlags(['--log-level=debug', '--prometheus-url', 'http://p:9090', '--leader-elect=false'], ['prometheus-url'])).toEqual({
      rest: ['--log-level=debug', '--leader-elect=false'],
      values: { 'prometheus-url': 'http://p:9090' },
    });
    expect(takeFlags(['--prometheus-url=http://p:9090/x'], ['prometheus-url']).values).toEqual({ 'prometheus-url': 'http://p:9090/x' });
  });

  it('does not take a flag that only starts with the name', () => {
    expect(takeFlags(['--prometheus-url-extra=1'], ['prometheus-url'])).toEqual({ rest: ['--prometheus-url-extra=1'], values: {} });
  });

  it('refuses a flag without a value', () => {
    expect(() => takeFlags(['--prometheus-url', '--log-level=info'], ['prometheus-url'])).toThrow('--prometheus-url needs a value');
  });
});
