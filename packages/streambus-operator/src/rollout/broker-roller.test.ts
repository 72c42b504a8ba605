import { nextBrokerAction, type BrokerPod } from './broker-roller.ts';

const OLD = 'bus-6d9f7c8b4';
const NEW = 'bus-7f8c9d5a1';

/** Broker `bus-<ordinal>`: on the new revision and ready unless told otherwise. */
function broker(ordinal: number, overrides: Partial<BrokerPod> = {}): BrokerPod {
  return { name: `bus-${ordinal}`, ordinal, revision: NEW, ready: true, deleting: false, ...overrides };
}
const outdated = (ordinal: number, overrides: Partial<BrokerPod> = {}) => broker(ordinal, { revision: OLD, ...overrides });

describe('nextBrokerAction', () => {
  it('is done when every broker runs the desired revision', () => {
    expect(nextBrokerAction({ desiredRevision: NEW, replicas: 3, pods: [broker(0), broker(1), broker(2)] })).toEqual({ action: 'done' });
  });

  it('is done whatever the readiness, once every broker is on the desired revision: readiness is not the roller\'s to fix', () => {
    const pods = [broker(0), broker(1, { ready: false }), broker(2)];
    expect(nextBrokerAction({ desiredRevision: NEW, replicas: 3, pods })).toEqual({ action: 'done' });
  });

  it('is done while the StatefulSet creates missing brokers on the desired revision (scale-up)', () => {
    expect(nextBrokerAction({ desiredRevision: NEW, replicas: 5, pods: [broker(0), broker(1), broker(2)] })).toEqual({ action: 'done' });
  });

  it('is done for a cluster scaled to zero', () => {
    expect(nextBrokerAction({ desiredRevision: NEW, replicas: 0, pods: [] })).toEqual({ action: 'done' });
  });

  it('rolls the highest ordinal first, when every other broker is ready', () => {
    const pods = [outdated(0), outdated(1), outdated(2)];
    expect(nextBrokerAction({ desiredRevision: NEW, replicas: 3, pods })).toEqual({
      action: 'roll',
      pod: 'bus-2',
      reason: 'RollingUpdate',
      message: `rolling bus-2 to revision ${NEW} (2 more after it)`,
    });
  });

  it('rolls the next outdated broker once the previous one is back and ready', () => {
    const pods = [outdated(0), outdated(1), broker(2)];
    expect(nextBrokerAction({ desiredRevision: NEW, replicas: 3, pods })).toMatchObject({ action: 'roll', pod: 'bus-1' });
  });

  it('says when the broker it rolls is the last one', () => {
    const pods = [outdated(0), broker(1), broker(2)];
    expect(nextBrokerAction({ desiredRevision: NEW, replicas: 3, pods })).toEqual({
      action: 'roll',
      pod: 'bus-0',
      reason: 'RollingUpdate',
      message: `rolling bus-0 to revision ${NEW}`,
    });
  });

  it('waits while a broker is being deleted, even one that is ready', () => {
    const pods = [outdated(0), outdated(1), broker(2, { deleting: true })];
    expect(nextBrokerAction({ desiredRevision: NEW, replicas: 3, pods })).toEqual({
      action: 'wait',
      pod: 'bus-1',
      waitingFor: ['bus-2'],
      reason: 'BrokerTerminating',
      message: 'waiting for bus-2 to terminate before rolling bus-1',
    });
  });

  it('waits while a broker is being deleted even if an outdated one is unready', () => {
    const pods = [outdated(0, { ready: false }), outdated(1), outdated(2, { deleting: true, ready: false })];
    expect(nextBrokerAction({ desiredRevision: NEW, replicas: 3, pods })).toMatchObject({ action: 'wait', reason: 'BrokerTerminating', waitingFor: ['bus-2'] });
  });

  it('waits while a broker removed by a scale-down terminates', () => {
    const pods = [outdated(0), outdated(1), outdated(2), outdated(3, { deleting: true })];
    expect(nextBrokerAction({ desiredRevision: NEW, replicas: 3, pods })).toMatchObject({ action: 'wait', reason: 'BrokerTerminating', waitingFor: ['bus-3'] });
  });

  it('waits while a broker is missing, naming it', () => {
    const pods = [outdated(0), outdated(2)];
    expect(nextBrokerAction({ desiredRevision: NEW, replicas: 3, pods })).toEqual({
      action: 'wait',
      pod: 'bus-2',
      waitingFor: ['bus-1'],
      reason: 'BrokerMissing',
      message: 'waiting for the StatefulSet to create bus-1 before rolling bus-2',
    });
  });

  it('names missing brokers after their siblings, whatever the cluster is called', () => {
    const pods = [{ name: 'orders-bus-10', ordinal: 10, revision: OLD, ready: true, deleting: false }];
    const action = nextBrokerAction({ desiredRevision: NEW, replicas: 11, pods });
    expect(action).toMatchObject({ action: 'wait', reason: 'BrokerMissing' });
    expect(action.action === 'wait' && action.waitingFor).toEqual(Array.from({ length: 10 }, (_, i) => `orders-bus-${i}`));
  });

  it('rolls an outdated broker that is not ready first, out of ordinal order, without waiting for it', () => {
    const pods = [outdated(0, { ready: false }), outdated(1), outdated(2)];
    expect(nextBrokerAction({ desiredRevision: NEW, replicas: 3, pods })).toEqual({
      action: 'roll',
      pod: 'bus-0',
      reason: 'BrokerNotReady',
      message: 'rolling bus-0 first: it is not ready on the old revision, so restarting it cannot reduce availability',
    });
  });

  it('rolls the highest unready outdated broker first when several are unready', () => {
    const pods = [outdated(0, { ready: false }), outdated(1, { ready: false }), outdated(2)];
    expect(nextBrokerAction({ desiredRevision: NEW, replicas: 3, pods })).toMatchObject({ action: 'roll', pod: 'bus-1', reason: 'BrokerNotReady' });
  });

  it('rolls an unready outdated broker even while an updated one is still starting', () => {
    const pods = [outdated(0, { ready: false }), outdated(1), broker(2, { ready: false })];
    expect(nextBrokerAction({ desiredRevision: NEW, replicas: 3, pods })).toMatchObject({ action: 'roll', pod: 'bus-0', reason: 'BrokerNotReady' });
  });

  it('waits for an updated broker to become ready before rolling the next one', () => {
    const pods = [outdated(0), outdated(1), broker(2, { ready: false })];
    expect(nextBrokerAction({ desiredRevision: NEW, replicas: 3, pods })).toEqual({
      action: 'wait',
      pod: 'bus-1',
      waitingFor: ['bus-2'],
      reason: 'BrokersNotReady',
      message: 'waiting for bus-2 to become ready before rolling bus-1',
    });
  });

  it('lists every unready broker it waits for', () => {
    const pods = [outdated(0), broker(1, { ready: false }), broker(2, { ready: false })];
    expect(nextBrokerAction({ desiredRevision: NEW, replicas: 3, pods })).toMatchObject({
      action: 'wait',
      waitingFor: ['bus-2', 'bus-1'],
      message: 'waiting for bus-2, bus-1 to become ready before rolling bus-0',
    });
  });

  it('does not roll brokers a scale-down is about to remove', () => {
    const pods = [broker(0), broker(1), outdated(2), outdated(3)];
    expect(nextBrokerAction({ desiredRevision: NEW, replicas: 2, pods })).toEqual({ action: 'done' });
  });

  it('counts a pod without a revision label as outdated', () => {
    const pods = [broker(0), broker(1, { revision: undefined })];
    expect(nextBrokerAction({ desiredRevision: NEW, replicas: 2, pods })).toMatchObject({ action: 'roll', pod: 'bus-1' });
  });

  it('waits until the StatefulSet reports its update revision', () => {
    expect(nextBrokerAction({ desiredRevision: undefined, replicas: 3, pods: [outdated(0)] })).toEqual({
      action: 'wait',
      waitingFor: [],
      reason: 'RevisionUnknown',
      message: 'waiting for the StatefulSet controller to report its update revision',
    });
  });

  it('walks a whole rollout one broker at a time, never two down at once', () => {
    let pods = [outdated(0), outdated(1), outdated(2)];
    const rolled: string[] = [];
    for (let step = 0; step < 10; step++) {
      const action = nextBrokerAction({ desiredRevision: NEW, replicas: 3, pods });
      if (action.action === 'done') break;
      expect(pods.filter((pod) => !pod.ready || pod.deleting).length).toBeLessThanOrEqual(1);
      if (action.action === 'roll') {
        rolled.push(action.pod);
        // The operator deletes the pod, and the StatefulSet recreates it on the new revision, starting.
        pods = pods.map((pod) => (pod.name === action.pod ? broker(pod.ordinal, { ready: false }) : pod));
      } else {
        pods = pods.map((pod) => (action.waitingFor.includes(pod.name) ? { ...pod, ready: true } : pod));
      }
    }
    expect(rolled).toEqual(['bus-2', 'bus-1', 'bus-0']);
    expect(nextBrokerAction({ desiredRevision: NEW, replicas: 3, pods })).toEqual({ action: 'done' });
  });
});
