import type { KubeObject } from '../client/kube-client.ts';
import { ResourceTypes } from '../client/resource-type.ts';
import { reconcileOptionalChild, type OptionalChildRuntime } from './optional-child.ts';

// The decision logic against a recording runtime; the ServiceMonitor path against the real API
// server, with and without the pinned upstream CRD, is in e2e/src/streambus/resilience.e2e.test.ts.

const owner: KubeObject = { apiVersion: 'example.dev/v1', kind: 'Foo', metadata: { name: 'foo', namespace: 'ns', uid: 'owner-uid' } };
const ownerRef = { apiVersion: 'example.dev/v1', kind: 'Foo', name: 'foo', uid: 'owner-uid', controller: true };
const monitor = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'foo', namespace: 'ns', ownerReferences: [ownerRef] } };

function runtime(served: boolean, live?: KubeObject) {
  const calls: string[] = [];
  const rt: OptionalChildRuntime = {
    discovery: { serves: async () => served },
    client: {
      tryGet: async <T extends KubeObject>() => {
        calls.push('get');
        return live as T | undefined;
      },
      tryDelete: async (_type, name, _ns, options) => {
        calls.push(`delete ${name} uid=${options?.preconditions?.uid}`);
        return true;
      },
    },
    applier: {
      apply: async <T extends KubeObject>(_type: unknown, desired: T, l: KubeObject | undefined) => {
        calls.push(`apply live=${l ? 'yes' : 'no'}`);
        return { outcome: 'created' as const, object: desired, driftCorrected: false };
      },
      forget: () => calls.push('forget'),
    },
    events: { event: (_o, _t, reason) => calls.push(`event ${reason}`) },
  };
  return { rt, calls };
}

describe('reconcileOptionalChild', () => {
  it('reports a missing CRD as a False condition naming what asked for it and what to do, and asks to look again later', async () => {
    const { rt, calls } = runtime(false);
    const outcome = await reconcileOptionalChild(rt, owner, ResourceTypes.ServiceMonitor, monitor, {
      requestedBy: 'spec.metrics.serviceMonitor is true', whenMissing: 'install the Prometheus Operator', recheckAfterMs: 5_000,
    });
    expect(outcome).toEqual({
      state: 'not-served',
      condition: { status: 'False', reason: 'CRDNotInstalled', message: 'spec.metrics.serviceMonitor is true, but the monitoring.coreos.com/v1 ServiceMonitor CRD is not installed: install the Prometheus Operator' },
      recheckAfterMs: 5_000,
    });
    expect(calls).toEqual([]);
  });

  it('is not requested, without a request, when neither desired nor served', async () => {
    const { rt, calls } = runtime(false);
    expect(await reconcileOptionalChild(rt, owner, ResourceTypes.ServiceMonitor, undefined)).toEqual({ state: 'not-requested' });
    expect(calls).toEqual([]);
  });

  it('applies with the live object read directly, and reports True/Created', async () => {
    const { rt, calls } = runtime(true, monitor);
    const outcome = await reconcileOptionalChild(rt, owner, ResourceTypes.ServiceMonitor, monitor, { purpose: 'scrapes /metrics' });
    expect(outcome).toMatchObject({ state: 'applied', object: monitor, condition: { status: 'True', reason: 'Created', message: 'ServiceMonitor ns/foo scrapes /metrics' } });
    expect(calls).toEqual(['get', 'apply live=yes', 'event Created']);
  });

  it('deletes the owner\'s child when no longer desired, but never someone else\'s', async () => {
    const mine = runtime(true, { ...monitor, metadata: { ...monitor.metadata, uid: 'sm-uid' } });
    expect(await reconcileOptionalChild(mine.rt, owner, ResourceTypes.ServiceMonitor, undefined)).toEqual({ state: 'not-requested' });
    expect(mine.calls).toEqual(['get', 'delete foo uid=sm-uid', 'forget', 'event Deleted']);

    const theirs = runtime(true, { ...monitor, metadata: { name: 'foo', namespace: 'ns', ownerReferences: [{ ...ownerRef, uid: 'other' }] } });
    await reconcileOptionalChild(theirs.rt, owner, ResourceTypes.ServiceMonitor, undefined);
    expect(theirs.calls).toEqual(['get']);
  });
});
