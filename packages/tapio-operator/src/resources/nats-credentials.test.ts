import type { V1Secret } from '@kubernetes/client-node';
import { aCluster } from '../../test/fixtures.ts';
import {
  acceptedSlots,
  desiredNatsCredentialsSecret,
  initialNatsCredentials,
  natsClientPodAnnotations,
  readNatsCredentials,
  stepNatsCredentialRotation,
  type NatsCredentials,
  type RotationFacts,
} from './nats-credentials.ts';

const OLD = { username: 'tapio', password: 'old' };
const NEW = { username: 'tapio-abc123', password: 'new' };
const generate = () => NEW;
const idle: NatsCredentials = { clients: OLD, slots: { a: OLD } };
const settled: RotationFacts = { serversCurrent: true, clientPodUsers: ['tapio', 'tapio'] };

/** The Secret as the API server returns it: data base64-encoded. */
function stored(secret: V1Secret): V1Secret {
  const data = Object.fromEntries(Object.entries(secret.stringData ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
  return { ...secret, data };
}

describe('desiredNatsCredentialsSecret', () => {
  it('holds the clients\' user and the servers\' slots, with the password the reconciler generated', () => {
    const secret = desiredNatsCredentialsSecret(aCluster(), initialNatsCredentials('s3cret'));
    expect(secret.metadata?.name).toBe('dev-nats-credentials');
    expect(secret.stringData).toEqual({ username: 'tapio', password: 's3cret', 'a-username': 'tapio', 'a-password': 's3cret' });
    expect(secret.metadata?.annotations).toBeUndefined();
    expect(secret.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'TapioCluster', controller: true });
  });

  it('records the rotation request and phase on the Secret, and reads back what it wrote', () => {
    const rotating: NatsCredentials = { clients: OLD, slots: { a: OLD, b: NEW }, request: '1700000000', phase: 'accepting' };
    const secret = desiredNatsCredentialsSecret(aCluster(), rotating);
    expect(secret.metadata?.annotations).toEqual({ 'tapio.io/rotation-request': '1700000000', 'tapio.io/rotation-phase': 'accepting' });
    expect(readNatsCredentials(stored(secret))).toEqual(rotating);
    expect(acceptedSlots(rotating)).toEqual(['a', 'b']);
  });

  it('reads a Secret from before the slots as the clients\' user in slot a', () => {
    expect(readNatsCredentials({ data: { username: Buffer.from('tapio').toString('base64'), password: Buffer.from('old').toString('base64') } })).toEqual(idle);
  });

  it('matches the snapshot', () => {
    expect(desiredNatsCredentialsSecret(aCluster(), initialNatsCredentials('p'))).toMatchSnapshot();
  });
});

describe('stepNatsCredentialRotation', () => {
  it('does nothing without a new request', () => {
    expect(stepNatsCredentialRotation(idle, settled, generate)).toEqual({ credentials: idle, changed: false });
    const done = { ...idle, request: '1' };
    expect(stepNatsCredentialRotation(done, { ...settled, requested: '1' }, generate)).toEqual({ credentials: done, changed: false });
  });

  it('1: a new request puts a new user beside the old one; the clients keep the old one', () => {
    const step = stepNatsCredentialRotation(idle, { ...settled, requested: '1' }, generate);
    expect(step).toMatchObject({ changed: true, credentials: { clients: OLD, slots: { a: OLD, b: NEW }, request: '1', phase: 'accepting' } });
    expect(step.waiting).toContain('NATS servers');
  });

  it('2: the clients switch only once every server accepts both users', () => {
    const accepting: NatsCredentials = { clients: OLD, slots: { a: OLD, b: NEW }, request: '1', phase: 'accepting' };
    expect(stepNatsCredentialRotation(accepting, { ...settled, requested: '1', serversCurrent: false }, generate)).toMatchObject({ changed: false, credentials: accepting });
    expect(stepNatsCredentialRotation(accepting, { ...settled, requested: '1' }, generate)).toMatchObject({
      changed: true,
      credentials: { clients: NEW, slots: { a: OLD, b: NEW }, phase: 'retiring' },
    });
  });

  it('3: the old user is removed only once no client pod runs as it', () => {
    const retiring: NatsCredentials = { clients: NEW, slots: { a: OLD, b: NEW }, request: '1', phase: 'retiring' };
    const waiting = stepNatsCredentialRotation(retiring, { requested: '1', serversCurrent: true, clientPodUsers: ['tapio-abc123', 'tapio'] }, generate);
    expect(waiting).toMatchObject({ changed: false, waiting: '1 client pod(s) to roll to the new user' });
    // A pod from before the clients named their user counts as the old one.
    expect(stepNatsCredentialRotation(retiring, { requested: '1', serversCurrent: true, clientPodUsers: [''] }, generate).changed).toBe(false);
    expect(stepNatsCredentialRotation(retiring, { requested: '1', serversCurrent: true, clientPodUsers: ['tapio-abc123'] }, generate)).toEqual({
      changed: true,
      credentials: { clients: NEW, slots: { b: NEW }, request: '1' },
    });
  });

  it('the next rotation takes the slot the last one freed', () => {
    const after: NatsCredentials = { clients: NEW, slots: { b: NEW }, request: '1' };
    const newer = { username: 'tapio-def456', password: 'newer' };
    expect(stepNatsCredentialRotation(after, { ...settled, requested: '2' }, () => newer).credentials.slots).toEqual({ a: newer, b: NEW });
  });
});

describe('natsClientPodAnnotations', () => {
  it('names the user a client resource connects as, when its TapioCluster said', () => {
    expect(natsClientPodAnnotations({ metadata: { annotations: { 'tapio.io/nats-user': 'tapio-1' } } })).toEqual({ 'tapio.io/nats-user': 'tapio-1' });
    expect(natsClientPodAnnotations({ metadata: {} })).toBeUndefined();
  });
});
