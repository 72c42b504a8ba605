import type { KubeObject, ListOptions } from '../client/kube-client.ts';
import type { ResourceType } from '../client/resource-type.ts';
import { podCreationFailures, type EventReader } from './workload-events.ts';

const statefulSet = (replicas: number, existing: number): KubeObject =>
  ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db', namespace: 'ns' }, spec: { replicas }, status: { replicas: existing } }) as KubeObject;

function reader(items: unknown[]) {
  const requests: { type: string; options?: ListOptions }[] = [];
  const client: EventReader = {
    list: async <T extends KubeObject>(type: ResourceType, options?: ListOptions) => {
      requests.push({ type: `${type.apiVersion}/${type.kind}`, ...(options ? { options } : {}) });
      return { metadata: {}, items: items as T[] };
    },
  };
  return { client, requests };
}

describe('podCreationFailures', () => {
  it('asks the API server for the workload\'s FailedCreate Events while pods are missing', async () => {
    const { client, requests } = reader([{ type: 'Warning', reason: 'FailedCreate', note: 'exceeded quota' }]);
    expect(await podCreationFailures(client, statefulSet(3, 2))).toEqual([{ type: 'Warning', reason: 'FailedCreate', note: 'exceeded quota' }]);
    expect(requests).toEqual([{ type: 'events.k8s.io/v1/Event', options: { namespace: 'ns', fieldSelector: 'regarding.kind=StatefulSet,regarding.name=db,reason=FailedCreate' } }]);
  });

  it('makes no request when every pod exists, or there is no workload', async () => {
    const { client, requests } = reader([]);
    expect(await podCreationFailures(client, statefulSet(3, 3))).toEqual([]);
    expect(await podCreationFailures(client, undefined)).toEqual([]);
    expect(requests).toEqual([]);
  });
});
