import preset from '../../jest.preset.js';

// The templates under src/operator/files end in __tmpl__: they are the generated operator's tests, not ours.
export default { ...preset, displayName: 'operator-generator', rootDir: '.' };
