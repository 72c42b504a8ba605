import { Informer, KubeClient, loadKubeConfig, ResourceTypes, type KubeObject } from '../src/index.ts';
const client = await KubeClient.create(loadKubeConfig(process.argv[2]));
const mode = process.argv[3];
if (mode === 'informer') {
  const inf = new Informer<KubeObject>({ client, type: ResourceTypes.ConfigMap, namespace: 'default' });
  inf.start(); await inf.waitForSync(); await new Promise((r) => setTimeout(r, Number(process.env.WAIT ?? 300)));
  await inf.stop();
  console.log('stopped informer');
  if (process.argv[4]) { await Promise.all(Array.from({length: Number(process.argv[4])}, () => client.list(ResourceTypes.ConfigMap, { namespace: 'default' }))); console.log('requests done'); }
} else {
  await client.list(ResourceTypes.ConfigMap, { namespace: 'default' });
  console.log('listed');
}
const t = setInterval(() => console.log('alive'), 2000);
await new Promise((r) => setTimeout(r, 12000));
clearInterval(t);
await client.close();
console.log('done');
