// nx release's version actions for an operator (nx.json `release.version.versionActions`): one
// version for the operator's package (packages/<op>/package.json), its image (tagged with the
// package's version by scripts/images/build-image.sh) and its chart (charts/<op>/Chart.yaml
// `version` and `appVersion`, the chart's default image tag), so the release keeps them in step and
// nobody edits them by hand. The operators are private (no registry): the current version is the
// last release tag, else the package.json on disk. The shared library is bundled into each image,
// not released: a change to it bumps its dependents through the project graph (conventional
// commits), and no dependency versions are rewritten.
const { join } = require('node:path');
const { VersionActions } = require('nx/release');

/** Replaces a top-level scalar of Chart.yaml, keeping its comments and the rest of the file. */
function setChartField(text, field, value) {
  const line = new RegExp(`^${field}:.*$`, 'm');
  if (!line.test(text)) throw new Error(`Chart.yaml has no top-level ${field}`);
  return text.replace(line, `${field}: ${field === 'appVersion' ? JSON.stringify(value) : value}`);
}

class OperatorVersionActions extends VersionActions {
  validManifestFilenames = ['package.json'];

  chartPath() {
    return join('charts', this.projectGraphNode.name, 'Chart.yaml');
  }

  async validate(tree) {
    await super.validate(tree);
    if (!tree.exists(this.chartPath())) throw new Error(`${this.projectGraphNode.name}: no chart at ${this.chartPath()}`);
  }

  async readCurrentVersionFromSourceManifest(tree) {
    const manifestPath = join(this.projectGraphNode.data.root, 'package.json');
    const { version } = JSON.parse(tree.read(manifestPath, 'utf-8'));
    if (!version) throw new Error(`${manifestPath} has no version`);
    return { manifestPath, currentVersion: version };
  }

  async readCurrentVersionFromRegistry() {
    return null;
  }

  async readCurrentVersionOfDependency() {
    return { currentVersion: null, dependencyCollection: null };
  }

  async updateProjectVersion(tree, newVersion) {
    const logs = [];
    for (const { manifestPath } of this.manifestsToUpdate) {
      const json = JSON.parse(tree.read(manifestPath, 'utf-8'));
      json.version = newVersion;
      tree.write(manifestPath, `${JSON.stringify(json, null, 2)}\n`);
      logs.push(`✍️  New version ${newVersion} written to ${manifestPath}`);
    }
    const chart = this.chartPath();
    tree.write(chart, setChartField(setChartField(tree.read(chart, 'utf-8'), 'version', newVersion), 'appVersion', newVersion));
    logs.push(`✍️  Chart version and appVersion ${newVersion} written to ${chart} (the image operators/${this.projectGraphNode.name}:${newVersion})`);
    return logs;
  }

  async updateProjectDependencies() {
    return [];
  }
}

module.exports = OperatorVersionActions;
module.exports.default = OperatorVersionActions;
module.exports.setChartField = setChartField;
