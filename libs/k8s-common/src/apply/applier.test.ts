import { DEFAULT_DESIRED_HASH_ANNOTATION, desiredHashAnnotationFor } from './applier.ts';

describe('desiredHashAnnotationFor', () => {
  it('gives each operator its own annotation', () => {
    expect(desiredHashAnnotationFor('streambus-operator')).toBe('streambus-operator.operators.dev/desired-hash');
    expect(desiredHashAnnotationFor('widgets.example.com')).toBe('widgets.example.com.operators.dev/desired-hash');
  });
  it('falls back to the shared default for a name that cannot be a prefix', () => {
    expect(desiredHashAnnotationFor('My_Operator')).toBe(DEFAULT_DESIRED_HASH_ANNOTATION);
    expect(desiredHashAnnotationFor('-x')).toBe(DEFAULT_DESIRED_HASH_ANNOTATION);
    expect(desiredHashAnnotationFor('a'.repeat(250))).toBe(DEFAULT_DESIRED_HASH_ANNOTATION);
  });
});
