// `nx release` as a team runs it, in a clone of this repository (its committed release
// configuration): a conventional commit to one operator releases that operator alone, with its
// package version, its chart's version and appVersion (the image tag) in step, a CHANGELOG entry
// and a tag; a change to the shared library then bumps the operators that depend on it.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { repoRoot } from '../support/operator-process.ts';

const OPERATOR = 'streambus-operator';
const GROUP = 'streambus';

describe('nx release of one operator', () => {
  let clone: string;
  const git = (...args: string[]) => execFileSync('git', ['-C', clone, ...args], { encoding: 'utf8' }).trim();
  const nx = (...args: string[]) =>
    execFileSync('npx', ['nx', ...args], { cwd: clone, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const versions = () => ({
    package: (JSON.parse(readFileSync(join(clone, 'packages', OPERATOR, 'package.json'), 'utf8')) as { version: string }).version,
    chart: (({ version, appVersion }) => ({ version, appVersion }))(loadYaml(readFileSync(join(clone, 'charts', OPERATOR, 'Chart.yaml'), 'utf8')) as { version: string; appVersion: string }),
  });
  const commit = (file: string, message: string) => {
    appendFileSync(join(clone, file), '\n// a change\n');
    git('commit', '-q', '-am', message);
  };

  beforeAll(() => {
    clone = mkdtempSync(join(tmpdir(), 'release-'));
    execFileSync('git', ['clone', '-q', repoRoot, clone]);
    git('config', 'user.name', 'e2e');
    git('config', 'user.email', 'e2e@example.com');
    symlinkSync(join(repoRoot, 'node_modules'), join(clone, 'node_modules'));
    // The clone's current version is released: only the test's commits count from here.
    git('tag', '-f', `${OPERATOR}@${versions().package}`);
  });

  afterAll(() => {
    if (clone) rmSync(clone, { recursive: true, force: true });
  });

  it('a fix to the operator releases it alone, package, chart and image tag in step', () => {
    const before = versions().package;
    const [major, minor, patch] = before.split('.').map(Number);
    const next = `${major}.${minor}.${patch! + 1}`;
    commit(`packages/${OPERATOR}/src/index.ts`, `fix(${OPERATOR}): a reconcile fix`);
    nx('release', '--groups', GROUP, '--skip-publish');
    expect(versions()).toEqual({ package: next, chart: { version: next, appVersion: next } });
    expect(git('tag', '--points-at', 'HEAD')).toBe(`${OPERATOR}@${next}`);
    // The release commit holds this operator's files and nothing else.
    expect(git('show', '--name-only', '--format=', 'HEAD').split('\n').sort()).toEqual([`charts/${OPERATOR}/Chart.yaml`, `packages/${OPERATOR}/CHANGELOG.md`, `packages/${OPERATOR}/package.json`]);
    expect(readFileSync(join(clone, 'packages', OPERATOR, 'CHANGELOG.md'), 'utf8')).toMatch(new RegExp(`## ${next.replaceAll('.', '\\.')}[\\s\\S]*a reconcile fix`));
  }, 120_000);

  it('a change to libs/k8s-common bumps the operator that depends on it', () => {
    const before = versions().package;
    commit('libs/k8s-common/src/index.ts', 'feat(k8s-common): a shared feature');
    const output = nx('release', '--groups', GROUP, '--dry-run');
    const [major, minor, patch] = before.split('.').map(Number);
    expect(/New version (\S+) written to packages/.exec(output)?.[1]).toBe(`${major}.${minor}.${patch! + 1}`);
    // A dry run writes nothing.
    expect(versions().package).toBe(before);
  }, 120_000);
});
