// Generic (StreamBus has the same function): a candidate for the kit.

/** `repository:tag`, or `repository@sha256:...` when the tag is a digest, which pins the image by content. */
export function imageReference(repository: string, tag: string): string {
  return tag.startsWith('sha256:') ? `${repository}@${tag}` : `${repository}:${tag}`;
}
