import { aTickStorm, exampleTickStorm, withSpec } from '../../test/fixtures.ts';
import { desiredGeneratedAuthSecret, generateAuthCredentials, generatedSecretOwnerChange, needsGeneratedAuthSecret } from './auth-secret.ts';

const fixedBytes = (size: number) => new Uint8Array(size).map((_, i) => i);
const decode = (value: string | undefined) => Buffer.from(value ?? '', 'base64').toString();

describe('needsGeneratedAuthSecret', () => {
  it('is true unless spec.auth names a Secret', () => {
    expect(needsGeneratedAuthSecret(aTickStorm())).toBe(true);
    expect(needsGeneratedAuthSecret(aTickStorm(withSpec({ auth: { secretName: 'mine' } })))).toBe(false);
  });
});

describe('generateAuthCredentials', () => {
  it('is spec.auth.username and 32 random bytes as base64url', () => {
    const credentials = generateAuthCredentials(aTickStorm(), fixedBytes);
    expect(credentials.username).toBe('admin');
    expect(credentials.password).toBe(Buffer.from(fixedBytes(32)).toString('base64url'));
    expect(credentials.password).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('asks the random source for 32 bytes and refuses a short answer', () => {
    const sizes: number[] = [];
    generateAuthCredentials(aTickStorm(), (size) => (sizes.push(size), fixedBytes(size)));
    expect(sizes).toEqual([32]);
    expect(() => generateAuthCredentials(aTickStorm(), () => new Uint8Array(8))).toThrow('returned 8 bytes');
  });
});

describe('desiredGeneratedAuthSecret', () => {
  const credentials = { username: 'admin', password: 's3cret-value' };

  it("is <name>-auth with the credentials under spec.auth's keys, immutable", () => {
    const secret = desiredGeneratedAuthSecret(aTickStorm(), credentials);
    expect(secret.metadata?.name).toBe('tick-storm-auth');
    expect(secret.type).toBe('Opaque');
    expect(secret.immutable).toBe(true);
    expect(decode(secret.data?.username)).toBe('admin');
    expect(decode(secret.data?.password)).toBe('s3cret-value');
  });

  it('uses custom keys', () => {
    const secret = desiredGeneratedAuthSecret(aTickStorm(withSpec({ auth: { usernameKey: 'user', passwordKey: 'pass' } })), credentials);
    expect(Object.keys(secret.data ?? {})).toEqual(['user', 'pass']);
  });

  it('has no owner reference by default, so it outlives the TickStorm, and says it was generated', () => {
    const secret = desiredGeneratedAuthSecret(aTickStorm(), credentials);
    expect(secret.metadata?.ownerReferences).toBeUndefined();
    expect(secret.metadata?.annotations).toEqual({ 'tickstorm.io/generated': 'true' });
    expect(secret.metadata?.labels).toMatchObject({ 'app.kubernetes.io/instance': 'tick-storm' });
  });

  it('is owned by the TickStorm when deleteGeneratedSecretOnDelete asks for it', () => {
    const secret = desiredGeneratedAuthSecret(aTickStorm(withSpec({ auth: { deleteGeneratedSecretOnDelete: true } })), credentials);
    expect(secret.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'TickStorm', name: 'tick-storm', controller: true })]);
  });

  it('matches the snapshot for seed-defaults', () => {
    expect(desiredGeneratedAuthSecret(exampleTickStorm('seed-defaults'), { username: 'admin', password: 'not-a-real-password' })).toMatchSnapshot();
  });
});

describe('generatedSecretOwnerChange', () => {
  const deleting = aTickStorm(withSpec({ auth: { deleteGeneratedSecretOnDelete: true } }));
  const keeping = aTickStorm();
  const credentials = { username: 'admin', password: 'x' };

  it('adds the controller reference when deleteGeneratedSecretOnDelete is switched on, and removes it when switched off', () => {
    expect(generatedSecretOwnerChange(deleting, desiredGeneratedAuthSecret(keeping, credentials))).toEqual({ ownerReferences: [expect.objectContaining({ kind: 'TickStorm', controller: true })] });
    expect(generatedSecretOwnerChange(keeping, desiredGeneratedAuthSecret(deleting, credentials))).toEqual({ ownerReferences: null });
  });

  it('changes nothing when the references are right, or on a Secret the operator did not generate', () => {
    expect(generatedSecretOwnerChange(deleting, desiredGeneratedAuthSecret(deleting, credentials))).toBeUndefined();
    expect(generatedSecretOwnerChange(keeping, desiredGeneratedAuthSecret(keeping, credentials))).toBeUndefined();
    expect(generatedSecretOwnerChange(deleting, { metadata: { name: 'tick-storm-auth' } })).toBeUndefined();
  });
});
