// The kit's parseManagerConfig refuses flags it does not know (a typo must not pass silently), and
// has no way to declare more. This takes an operator's own flags out of argv first, so the manager
// sees only its own. Generic (a candidate for libs/k8s-common: parseManagerConfig with extra flags).

/** Removes `--<name>=<value>` / `--<name> <value>` for each of `names` from argv; returns the rest and the values. */
export function takeFlags<Name extends string>(argv: readonly string[], names: readonly Name[]): { rest: string[]; values: Partial<Record<Name, string>> } {
  const rest: string[] = [];
  const values: Partial<Record<Name, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const name = names.find((candidate) => arg === `--${candidate}` || arg.startsWith(`--${candidate}=`));
    if (name === undefined) {
      rest.push(arg);
      continue;
    }
    if (arg.includes('=')) values[name] = arg.slice(arg.indexOf('=') + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new Error(`--${name} needs a value`);
      values[name] = next;
      i++;
    }
  }
  return { rest, values };
}
