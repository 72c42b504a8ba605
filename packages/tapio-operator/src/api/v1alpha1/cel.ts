// Small builders for CEL expressions over optional fields, so that the rules read as what they check.

/** `(has(self.a) && has(self.a.b))` for `self.a.b`: true when every step of the path is set. Parenthesised, so `!` negates all of it. */
export function celHas(path: string): string {
  const [root, ...fields] = path.split('.');
  const steps = fields.map((_, index) => `has(${[root, ...fields.slice(0, index + 1)].join('.')})`);
  return steps.length === 1 ? (steps[0] ?? '') : `(${steps.join(' && ')})`;
}

/** True when the boolean at `path` is set and true; parenthesised. */
export function celIsTrue(path: string): string {
  return `(${celHas(path)} && ${path})`;
}
