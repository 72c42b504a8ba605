import { execFile, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';

const run = promisify(execFile);
const clusterScript = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'cluster', 'cluster.sh');

/**
 * A kwok cluster of a test's own, for fault tests that would disturb the shared one (killing
 * kube-apiserver, compacting etcd). Costs about 8 seconds to bring up.
 */
export class PrivateCluster {
  readonly name: string;
  readonly kubeconfigPath: string;

  private constructor(name: string, kubeconfigPath: string) {
    this.name = name;
    this.kubeconfigPath = kubeconfigPath;
  }

  static async start(name: string, apiServerArgs: Record<string, string> = {}): Promise<PrivateCluster> {
    const extra = Object.entries(apiServerArgs)
      .map(([k, v]) => `--extra-args=kube-apiserver=${k}=${v}`)
      .join(' ');
    const env = { ...process.env, CLUSTER_PROVIDER: 'kwok', CLUSTER_NAME: name, CLUSTER_EXTRA_ARGS: extra, CLUSTER_PV_POOL: '0', CLUSTER_NODES: '1' };
    const { stdout } = await run('bash', [clusterScript, 'up'], { env, maxBuffer: 10 * 1024 * 1024 });
    return new PrivateCluster(name, stdout.trim());
  }

  kubeConfig(): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromFile(this.kubeconfigPath);
    return kc;
  }

  private get workdir(): string {
    const cacheRoot = process.env['OPERATORS_CACHE_DIR'] ?? join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'ts-k8s-operators');
    return join(cacheRoot, 'kwok-workdir', 'clusters', this.name);
  }

  /**
   * Kills kube-apiserver as a crash would (SIGKILL), and returns a function that starts it again
   * with the same command line. kwokctl has no per-component restart, so we re-run its command.
   */
  killApiServer(): () => Promise<void> {
    const pidFile = join(this.workdir, 'pids', 'kube-apiserver.pid');
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    process.kill(pid, 'SIGKILL');
    return async () => {
      const log = openSync(join(this.workdir, 'logs', 'kube-apiserver.restarted.log'), 'a');
      const child = spawn(argv[0]!, argv.slice(1), { cwd: this.workdir, detached: true, stdio: ['ignore', log, log] });
      closeSync(log);
      child.unref();
      writeFileSync(pidFile, String(child.pid));
    };
  }

  async stop(): Promise<void> {
    await run('bash', [clusterScript, 'down'], { env: { ...process.env, CLUSTER_PROVIDER: 'kwok', CLUSTER_NAME: this.name } });
  }
}
