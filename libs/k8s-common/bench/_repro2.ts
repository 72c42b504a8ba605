import { Informer, KubeClient, loadKubeConfig, ResourceTypes, type KubeObject } from '../src/index.ts';
const client = await KubeClient.create(loadKubeConfig(process.argv[2]));
const [, , , withInformer, n, conc] = process.argv;
if (withInformer === 'yes') {
  const inf = new Informer<KubeObject>({ client, type: ResourceTypes.ConfigMap, namespace: 'default' });
  inf.start(); await inf.waitForSync();
  await inf.stop();
  console.log('stopped informer');
}
let next = 0;
const N = Number(n);
await Promise.all(Array.from({ length: Number(conc) }, async () => {
  while (next < N) { const i = next++; await client.apply(ResourceTypes.ConfigMap, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `r-${i}`, namespace: 'default' }, data: { a: String(i) } }, { fieldManager: 'x' }); }
}));
console.log('applies done');
await new Promise((r) => setTimeout(r, 8000));
await client.close();
console.log('done');
