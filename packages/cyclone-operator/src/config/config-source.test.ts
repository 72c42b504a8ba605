import type { V1ConfigMap } from '@kubernetes/client-node';
import { anApp, withSpec } from '../../test/fixtures.ts';
import { desiredConfigMap, renderAppConfig, renderedConfigHash } from '../resources/app-config.ts';
import { decideConfigContent } from './config-source.ts';

const app = anApp();
const rendered = renderAppConfig(app).content;
const changed = renderAppConfig(anApp(withSpec({ circuitBreaker: { failureThreshold: 42 } }))).content;
/** The seed's patch, verbatim: kubectl patch configmap <app>-config --type merge -p '{"data": {"config.toml": "... new config ..."}}'. */
const SEED_EDIT = '... new config ...';
const VALID_EDIT = '[limits]\ntarget_rps = 5\n';

/** The ConfigMap as the operator wrote it from `content`, then with config.toml replaced by `edited`. */
function liveConfigMap(content: string, edited?: string): V1ConfigMap {
  const written = desiredConfigMap(app, content, renderedConfigHash(content));
  return edited === undefined ? written : { ...written, data: { 'config.toml': edited } };
}

describe('decideConfigContent', () => {
  it('writes the rendering when there is no ConfigMap or no config.toml', () => {
    expect(decideConfigContent(rendered, undefined)).toEqual({ outcome: 'created', content: rendered, renderedHash: renderedConfigHash(rendered) });
    expect(decideConfigContent(rendered, { ...liveConfigMap(rendered), data: {} }).outcome).toBe('created');
  });

  it('changes nothing while the ConfigMap holds the rendering', () => {
    expect(decideConfigContent(rendered, liveConfigMap(rendered))).toMatchObject({ outcome: 'in-sync', content: rendered });
  });

  it("keeps the seed's hand edit, and says it would not parse", () => {
    const decision = decideConfigContent(rendered, liveConfigMap(rendered, SEED_EDIT));
    expect(decision).toEqual({
      outcome: 'hand-edit-kept',
      content: SEED_EDIT,
      renderedHash: renderedConfigHash(rendered),
      handEdit: { parses: false, error: expect.stringMatching(/^Invalid TOML document/) },
    });
  });

  it('keeps a valid hand edit, across any number of reconciles', () => {
    const live = liveConfigMap(rendered, VALID_EDIT);
    const first = decideConfigContent(rendered, live);
    expect(first).toMatchObject({ outcome: 'hand-edit-kept', content: VALID_EDIT, handEdit: { parses: true } });
    // What the operator applies in that pass is what it finds in the next.
    const reapplied = desiredConfigMap(app, first.content, first.renderedHash);
    expect(decideConfigContent(rendered, reapplied)).toEqual(first);
  });

  it("lets the CycloneApp's changed configuration replace a hand edit", () => {
    expect(decideConfigContent(changed, liveConfigMap(rendered, VALID_EDIT))).toMatchObject({ outcome: 'hand-edit-replaced', content: changed });
  });

  it('updates a ConfigMap that held the previous rendering', () => {
    expect(decideConfigContent(changed, liveConfigMap(rendered))).toEqual({ outcome: 'updated', content: changed, renderedHash: renderedConfigHash(changed) });
  });

  it('counts a config.toml without the annotation as an edit the rendering replaces', () => {
    expect(decideConfigContent(rendered, { metadata: { name: 'x' }, data: { 'config.toml': VALID_EDIT } }).outcome).toBe('hand-edit-replaced');
  });

  it('finds in sync a hand edit that happens to equal the rendering', () => {
    expect(decideConfigContent(changed, liveConfigMap(rendered, changed)).outcome).toBe('in-sync');
  });
});
