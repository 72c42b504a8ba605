// NATS credentials rotation without downtime: `tapio.io/rotate-nats-credentials=<new value>` on the
// TapioCluster. A sampler records, every 200 ms, what the Secret gives the clients, which users the
// NATS servers' template accepts and whether they rolled out, and which user every client pod runs
// as; the order is then checked: the servers accept the new user (rolled out) before the clients get
// it, and drop the old one only once no client pod runs as it.
import type { V1Deployment, V1Pod, V1Secret, V1StatefulSet } from '@kubernetes/client-node';
import { ResourceTypes } from '@operators/k8s-common';
import { waitFor } from '@operators/k8s-common/testing';
import { useOperator } from '../support/operator-process.ts';
import { condition, example, TapioClusters, waitForReady, WITHOUT_WEBHOOKS, type Tapio } from './support.ts';

const ROTATE = 'tapio.io/rotate-nats-credentials';
const NATS_USER = 'tapio.io/nats-user';
const CLIENT_COMPONENTS = new Set(['kubernetes-collector', 'correlation']);

interface Sample {
  clientsUser: string;
  /** The users of the Secret's slots the servers' template reads, e.g. ['a', 'b']. */
  serverSlots: string[];
  slotUsers: Record<string, string>;
  serversRolledOut: boolean;
  clientPodUsers: string[];
}

describe('Tapio NATS credentials rotation', () => {
  const env = useOperator('tapio-operator', 'tapio-nats-rotation', WITHOUT_WEBHOOKS);
  const decode = (secret: V1Secret, key: string) => Buffer.from(secret.data?.[key] ?? '', 'base64').toString('utf8');

  async function sample(): Promise<Sample> {
    const secret = await env.client.get<V1Secret>(ResourceTypes.Secret, 'dev-nats-credentials', env.namespace);
    const nats = await env.client.get<V1StatefulSet>(ResourceTypes.StatefulSet, 'dev-nats', env.namespace);
    const pods = await env.client.list<V1Pod>(ResourceTypes.Pod, { namespace: env.namespace, labelSelector: 'tapio.io/cluster=dev' });
    const status = nats.status;
    const serverSlots = (nats.spec?.template.spec?.containers[0]?.env ?? []).flatMap((e) => (/^NATS_USER_([A-Z])$/.exec(e.name)?.[1]?.toLowerCase() ?? []));
    return {
      clientsUser: decode(secret, 'username'),
      serverSlots,
      slotUsers: Object.fromEntries(['a', 'b'].filter((slot) => secret.data?.[`${slot}-username`]).map((slot) => [slot, decode(secret, `${slot}-username`)])),
      serversRolledOut:
        status?.observedGeneration === nats.metadata?.generation && status?.updateRevision === status?.currentRevision && status?.updatedReplicas === nats.spec?.replicas && status?.readyReplicas === nats.spec?.replicas,
      clientPodUsers: pods.items.filter((pod) => CLIENT_COMPONENTS.has(pod.metadata?.labels?.['app.kubernetes.io/component'] ?? '')).map((pod) => pod.metadata?.annotations?.[NATS_USER] ?? ''),
    };
  }

  it('rolls the servers to accept the new user, then the clients to it, then the servers to drop the old one', async () => {
    await env.client.create(TapioClusters, example('minimal-development.yaml', env.namespace));
    await waitForReady(env.client, TapioClusters, env.namespace, 'dev');
    const before = await sample();
    expect(before).toMatchObject({ clientsUser: 'tapio', serverSlots: ['a'], slotUsers: { a: 'tapio' } });
    expect(before.clientPodUsers.length).toBeGreaterThan(0);
    expect(new Set(before.clientPodUsers)).toEqual(new Set(['tapio']));

    const samples: Sample[] = [];
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push(await sample());
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    await env.client.patch(TapioClusters, 'dev', env.namespace, { metadata: { annotations: { [ROTATE]: '1' } } });
    const rotated = await waitFor(async () => {
      const cluster = await env.client.get<Tapio>(TapioClusters, 'dev', env.namespace);
      return condition(cluster, 'NATSCredentialsRotating')?.reason === 'Rotated' && cluster;
    }, { timeoutMs: 120_000, description: 'NATSCredentialsRotating=False Rotated' });
    await waitForReady(env.client, TapioClusters, env.namespace, 'dev');
    await waitFor(async () => (await sample()).serversRolledOut, { description: 'the NATS servers to finish their last roll' });
    sampling = false;
    await sampler;
    samples.push(await sample());

    const after = samples.at(-1)!;
    const newUser = after.clientsUser;
    expect(newUser).toMatch(/^tapio-[0-9a-f]{6}$/);
    expect(after.serverSlots).toHaveLength(1);
    expect(after.slotUsers[after.serverSlots[0]!]).toBe(newUser);
    expect(condition(rotated, 'NATSCredentialsRotating')?.status).toBe('False');
    for (const name of ['dev-kubernetes', 'dev-correlation']) {
      expect((await env.client.get<V1Deployment>(ResourceTypes.Deployment, name, env.namespace)).spec?.template.metadata?.annotations?.[NATS_USER]).toBe(newUser);
    }

    const accepts = (s: Sample, user: string) => s.serverSlots.some((slot) => s.slotUsers[slot] === user);
    // The clients' user changed only once the servers ran a template accepting both users: from the
    // switch until the retirement their template does not change, so the first sample after the
    // switch still shows it, rolled out. (A sample between the servers' roll and the switch is not
    // required: that window can be shorter than one sampling round on a loaded machine.)
    const switched = samples.findIndex((s) => s.clientsUser === newUser);
    expect(switched).toBeGreaterThan(0);
    expect({ both: accepts(samples[switched]!, 'tapio') && accepts(samples[switched]!, newUser), rolledOut: samples[switched]!.serversRolledOut }).toEqual({ both: true, rolledOut: true });
    // Every sample: each client pod runs as a user the servers' template accepts (before the switch
    // the old one, after it the old one until retired, then the new one).
    for (const s of samples) for (const user of s.clientPodUsers.filter(Boolean)) expect({ user, accepted: accepts(s, user) || !s.serversRolledOut }).toEqual({ user, accepted: true });
    // The old user left the servers' template only once no client pod ran as it.
    const retired = samples.findIndex((s) => !accepts(s, 'tapio'));
    expect(retired).toBeGreaterThan(switched);
    expect(samples[retired]!.clientPodUsers.every((user) => user === newUser)).toBe(true);

    const events = await env.client.list<{ metadata?: { name?: string }; reason?: string; regarding?: { name?: string } }>(ResourceTypes.Event, { namespace: env.namespace });
    expect(events.items.filter((e) => e.reason === 'NATSCredentialsRotation' && e.regarding?.name === 'dev').length).toBeGreaterThanOrEqual(3);
  });
});
