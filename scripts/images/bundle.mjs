// Bundles an operator into one ES module for its container image (the Dockerfiles' build stage):
//
//   node scripts/images/bundle.mjs packages/<op> <outfile>
//
// Its entry point, src/main.ts, with the shared library and every npm dependency inlined, so the
// image holds Node and this one file (and its source map): no node_modules, no npm, nothing that
// a missing production dependency could break at start-up that the bundle did not already need.
// The workspace packages resolve through their "development" export (TypeScript sources), so no
// tsc step is needed; esbuild strips the types as Node does.
import { build } from 'esbuild';
import { join } from 'node:path';

const [projectRoot, outfile] = process.argv.slice(2);
if (!projectRoot || !outfile) {
  console.error('usage: node scripts/images/bundle.mjs packages/<op> <outfile>');
  process.exit(2);
}

const result = await build({
  entryPoints: [join(projectRoot, 'src', 'main.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  conditions: ['development'],
  // Error and class names stay readable in logs; source maps give the original lines
  // (the image sets NODE_OPTIONS=--enable-source-maps).
  keepNames: true,
  sourcemap: true,
  sourcesContent: false,
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
  // CommonJS dependencies (winston, prom-client, ...) call require() and read __dirname, which an
  // ES module lacks: the bundle defines them the way Node does for CommonJS.
  banner: {
    js: [
      "import { createRequire as __bundleCreateRequire } from 'node:module';",
      "import { fileURLToPath as __bundleFileURLToPath } from 'node:url';",
      "import { dirname as __bundleDirname } from 'node:path';",
      'const require = __bundleCreateRequire(import.meta.url);',
      'const __filename = __bundleFileURLToPath(import.meta.url);',
      'const __dirname = __bundleDirname(__filename);',
    ].join('\n'),
  },
});

const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
console.error(`[bundle] ${outfile}: ${(bytes / 1024 / 1024).toFixed(1)} MiB with its source map, ${Object.keys(result.metafile.inputs).length} modules`);
