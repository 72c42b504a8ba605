// What runs: a version and the image that carries it. The rollout decision compares releases, and
// status records the last known-good one, so both halves travel together.
import { DEFAULT_IMAGE_REPOSITORY } from '../api/v1/cycloneapp.ts';
import type { StoredCycloneApp } from '../api/v1/defaults.ts';

export interface Release {
  version: string;
  image: string;
}

/** `cyclone/cyclone-web:v2.1.0` for version 2.1.0, as the seed's upgrade patch spells it; `:latest` and other words as they are. */
export function defaultImage(version: string): string {
  const tag = /^[0-9]/.test(version) ? `v${version}` : version;
  return `${DEFAULT_IMAGE_REPOSITORY}:${tag}`;
}

/** The release spec asks for. */
export function desiredRelease(app: StoredCycloneApp): Release {
  const { version, image } = app.spec;
  return { version, image: image ?? defaultImage(version) };
}

export function sameRelease(a: Release | undefined, b: Release | undefined): boolean {
  return a !== undefined && b !== undefined && a.version === b.version && a.image === b.image;
}

export function describeRelease(release: Release): string {
  return `${release.version} (${release.image})`;
}
