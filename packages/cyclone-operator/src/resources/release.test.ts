import { anApp, withSpec } from '../../test/fixtures.ts';
import { defaultImage, describeRelease, desiredRelease, sameRelease } from './release.ts';

describe('releases', () => {
  it('derives the image from the version as the seed spells it: cyclone/cyclone-web:v<version>', () => {
    expect(defaultImage('2.1.0')).toBe('cyclone/cyclone-web:v2.1.0');
    expect(defaultImage('latest')).toBe('cyclone/cyclone-web:latest');
    expect(defaultImage('nightly')).toBe('cyclone/cyclone-web:nightly');
  });

  it('runs the image of the spec when it names one, with the version of the spec', () => {
    expect(desiredRelease(anApp())).toEqual({ version: '2.0.0', image: 'cyclone/cyclone-web:v2.0.0' });
    const custom = anApp(withSpec({ version: '2.1.0', image: 'registry.example/cyclone-web:v2.1.0-rc1' }));
    expect(desiredRelease(custom)).toEqual({ version: '2.1.0', image: 'registry.example/cyclone-web:v2.1.0-rc1' });
  });

  it('compares version and image together', () => {
    const release = { version: '2.0.0', image: 'a:1' };
    expect(sameRelease(release, { ...release })).toBe(true);
    expect(sameRelease(release, { ...release, image: 'a:2' })).toBe(false);
    expect(sameRelease(release, undefined)).toBe(false);
    expect(describeRelease(release)).toBe('2.0.0 (a:1)');
  });
});
