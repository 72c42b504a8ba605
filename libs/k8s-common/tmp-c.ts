import { KubeConfig } from '@kubernetes/client-node';
import { KubeClient, ResourceTypes } from '/work/main/libs/k8s-common/src/client/index.ts';
const kc = new KubeConfig(); kc.loadFromDefault();
const c = await KubeClient.create(kc, { observers: [(r) => console.log('req', r.method, r.path, r.code)] });
const cm = await c.apply(ResourceTypes.ConfigMap, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' }, data: { a: '1' } }, { fieldManager: 't' });
console.log(cm.metadata?.resourceVersion);
const ac = new AbortController();
setTimeout(() => ac.abort(), 1500);
setTimeout(() => c.apply(ResourceTypes.ConfigMap, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' }, data: { a: '2' } }, { fieldManager: 't' }), 300);
for await (const e of c.watch(ResourceTypes.ConfigMap, { namespace: 'default', resourceVersion: cm.metadata?.resourceVersion, allowWatchBookmarks: true, signal: ac.signal })) console.log(e.type, (e.object as any).data);
try { await c.get(ResourceTypes.ConfigMap, 'nope', 'default'); } catch (e) { console.log(String(e)); }
try { for await (const e of c.watch(ResourceTypes.ConfigMap, { namespace: 'default', resourceVersion: '1' })) console.log(e.type); } catch (e) { console.log('watch', String(e)); }
await c.close();
