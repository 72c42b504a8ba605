import { aBackend } from '../../test/fixtures.ts';
import { credentialRefs, requiredSecretKeys, tlsRefs } from './backend-secrets.ts';

describe('credentialRefs', () => {
  it('is empty without credentials', () => {
    expect(credentialRefs(aBackend('k', { type: 'kafka', endpoints: ['k:9092'] }).spec)).toEqual({});
  });

  it('defaults to the keys username and password', () => {
    expect(credentialRefs(aBackend('k', { type: 'kafka', endpoints: ['k:9092'], credentials: { secretName: 'kafka-credentials' } }).spec)).toEqual({
      username: { secret: 'kafka-credentials', key: 'username' },
      password: { secret: 'kafka-credentials', key: 'password' },
    });
  });

  it('follows the key names of the spec', () => {
    const spec = aBackend('p', { type: 'postgresql', endpoints: ['pg:5432'], credentials: { secretName: 'pg', usernameKey: 'user', passwordKey: 'pass' } }).spec;
    expect(credentialRefs(spec)).toEqual({ username: { secret: 'pg', key: 'user' }, password: { secret: 'pg', key: 'pass' } });
  });

  it('uses no user name for redis unless usernameKey asks for one', () => {
    expect(credentialRefs(aBackend('r', { type: 'redis', endpoints: ['r:6379'], credentials: { secretName: 'r' } }).spec)).toEqual({ password: { secret: 'r', key: 'password' } });
    expect(credentialRefs(aBackend('r', { type: 'redis', endpoints: ['r:6379'], credentials: { secretName: 'r', usernameKey: 'user' } }).spec).username).toEqual({ secret: 'r', key: 'user' });
  });

  it('is an AWS access key for sqs', () => {
    expect(credentialRefs(aBackend('q', { type: 'sqs', region: 'us-east-1', credentials: { secretName: 'aws' } }).spec)).toEqual({
      accessKeyID: { secret: 'aws', key: 'AWS_ACCESS_KEY_ID' },
      secretAccessKey: { secret: 'aws', key: 'AWS_SECRET_ACCESS_KEY' },
    });
  });
});

describe('tlsRefs', () => {
  it('is empty while TLS is off, even with Secrets named', () => {
    expect(tlsRefs(aBackend('r', { type: 'redis', endpoints: ['r:6379'], tls: { enabled: false } }).spec)).toEqual({});
  });

  it('names the CA key (ca.crt by default) and the client certificate files', () => {
    const spec = aBackend('r', { type: 'redis', endpoints: ['r:6379'], tls: { enabled: true, caSecretName: 'ca', clientCertSecretName: 'client' } }).spec;
    expect(tlsRefs(spec)).toEqual({ ca: { secret: 'ca', key: 'ca.crt' }, clientCert: { secret: 'client', cert: 'tls.crt', key: 'tls.key' } });
  });
});

describe('requiredSecretKeys', () => {
  it('groups every key the backend needs by Secret, each key once', () => {
    const spec = aBackend('k', {
      type: 'kafka',
      endpoints: ['k:9092'],
      credentials: { secretName: 'shared' },
      tls: { enabled: true, caSecretName: 'shared', caKey: 'password', clientCertSecretName: 'client' },
    }).spec;
    expect(Object.fromEntries(requiredSecretKeys(spec))).toEqual({ shared: ['username', 'password'], client: ['tls.crt', 'tls.key'] });
  });
});
