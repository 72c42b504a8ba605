// Which config.toml the ConfigMap <app>-config holds: the operator's rendering, or a hand edit.
//
// The seed's hot reload is `kubectl patch configmap <app>-config` with a new config.toml. The
// operator must neither revert that edit nor restart pods for it. The rule, last writer wins:
// - a hand edit is kept for as long as the CycloneApp's own configuration (what renderAppConfig
//   makes of it) stays the same, across reconciles and operator restarts;
// - when the CycloneApp's configuration changes, its new rendering replaces the edit (the newer
//   intent wins), and an Event says so.
// The ConfigMap remembers the hash of the rendering it was last written from (annotation), which is
// what tells a hand edit from the operator's own output without any other state.
import type { V1ConfigMap } from '@kubernetes/client-node';
import { parse } from 'smol-toml';
import { RENDERED_CONFIG_HASH_ANNOTATION, renderedConfigHash } from '../resources/app-config.ts';
import { CONFIG_FILE } from '../resources/paths.ts';

export type ConfigOutcome =
  /** No ConfigMap, or no config.toml in it: the rendering is written. */
  | 'created'
  /** The ConfigMap holds the current rendering. */
  | 'in-sync'
  /** The CycloneApp's configuration changed; the ConfigMap held the previous rendering. */
  | 'updated'
  /** config.toml was edited by hand and the CycloneApp's configuration has not changed since: the edit stays. */
  | 'hand-edit-kept'
  /** config.toml had been edited by hand, then the CycloneApp's configuration changed: its rendering replaces the edit. */
  | 'hand-edit-replaced';

export interface ConfigDecision {
  outcome: ConfigOutcome;
  /** The config.toml to apply. */
  content: string;
  /** The rendering's hash, for RENDERED_CONFIG_HASH_ANNOTATION (always the rendering's, also when the edit is kept). */
  renderedHash: string;
  /** For a kept hand edit: whether it parses as TOML, and if not why (the application would refuse to reload it). */
  handEdit?: { parses: true } | { parses: false; error: string };
}

export function decideConfigContent(rendered: string, live: V1ConfigMap | undefined): ConfigDecision {
  const renderedHash = renderedConfigHash(rendered);
  const decision = (outcome: ConfigOutcome, content = rendered): ConfigDecision => ({ outcome, content, renderedHash });
  const liveContent = live?.data?.[CONFIG_FILE];
  if (liveContent === undefined) return decision('created');
  if (liveContent === rendered) return decision('in-sync');

  const lastRenderedHash = live?.metadata?.annotations?.[RENDERED_CONFIG_HASH_ANNOTATION];
  if (lastRenderedHash === renderedHash) {
    // Same rendering as last written, different content: someone edited the file. Keep it.
    return { ...decision('hand-edit-kept', liveContent), handEdit: tomlCheck(liveContent) };
  }
  // The rendering changed. If the ConfigMap still held the previous one, this is a plain update;
  // otherwise the edit it held gives way to the newer configuration.
  const heldPreviousRendering = lastRenderedHash !== undefined && renderedConfigHash(liveContent) === lastRenderedHash;
  return decision(heldPreviousRendering ? 'updated' : 'hand-edit-replaced');
}

function tomlCheck(content: string): NonNullable<ConfigDecision['handEdit']> {
  try {
    parse(content);
    return { parses: true };
  } catch (error) {
    // smol-toml's first line is the error; the rest is an excerpt of the file, which belongs in no condition.
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return { parses: false, error: message };
  }
}
