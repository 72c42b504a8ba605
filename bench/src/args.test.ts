import { parseBenchArgs, reductions } from './args.ts';

describe('parseBenchArgs', () => {
  it('defaults to N = 100 and 1000, all peers, the restart at 1000', () => {
    const args = parseBenchArgs([]);
    expect(args.sizes).toEqual([100, 1000]);
    expect(args.peers).toEqual(['ours', 'controller-runtime', 'dot-i', 'limit']);
    expect(args.restartAt).toEqual([1000]);
    expect(args.churnRates).toEqual([10, 50, 100]);
  });

  it('takes --n 5000 for the large run, with the restart there', () => {
    const args = parseBenchArgs(['--n', '5000']);
    expect(args.sizes).toEqual([5000]);
    expect(args.restartAt).toEqual([5000]);
  });

  it('measures the restart at the largest N when every N is small', () => {
    expect(parseBenchArgs(['--n=20,50']).restartAt).toEqual([50]);
  });

  it('reads values inline or after the flag, and refuses unknown options and peers', () => {
    const args = parseBenchArgs(['--peers=ours,limit', '--label', 'after the fix', '--churn-seconds=5', '--keep-cluster']);
    expect(args).toMatchObject({ peers: ['ours', 'limit'], label: 'after the fix', churnSeconds: 5, keepCluster: true });
    expect(() => parseBenchArgs(['--nn', '3'])).toThrow(/unknown option --nn/);
    expect(() => parseBenchArgs(['--peers', 'kopf'])).toThrow(/unknown peer "kopf"/);
    expect(() => parseBenchArgs(['--n', 'many'])).toThrow(/expected comma-separated numbers/);
    expect(() => parseBenchArgs(['--label'])).toThrow(/needs a value/);
  });
});

describe('reductions', () => {
  it('names every reduction against the issue', () => {
    const text = reductions(parseBenchArgs([])).join('\n');
    expect(text).toMatch(/over 40 changes .*the issue: 200/);
    expect(text).toMatch(/churn for 8 s per rate \(the issue: 60 s\)/);
    expect(text).toMatch(/restart measured at N = 1000 only \(not at 100\)/);
  });

  it('says nothing about latency or churn at the issue\'s full settings', () => {
    const text = reductions(parseBenchArgs(['--latency-changes', '200', '--churn-seconds', '60'])).join('\n');
    expect(text).not.toMatch(/single-change latency|churn for/);
  });
});
