// API reference for the five published packages, one site with a page per package:
//   npm run docs   →   docs/api/index.html
//
// Packages mode: TypeDoc converts each package with its own tsconfig.json (which carries the
// `@cyclr/source` condition, so sibling packages resolve to their TypeScript source and
// cross-package links such as plot → core's `Schedule` work) and merges the results.
// Entry points are the source file of each public export, listed in each package's
// typedoc.json (with the names core's inferred types use but do not export); neither
// `@cyclr/core/internal` (for sibling packages) nor the schema file is documented. Only what an export reaches is
// documented; tests never are.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Converter, ReflectionKind } from 'typedoc';

/**
 * A package with several exports gets one child module per export, named by TypeDoc after
 * the export key: "node", and "" for ".". Name each child by the specifier
 * a user imports instead: "@cyclr/plot" and "@cyclr/plot/node".
 * @param {import('typedoc').Application} app
 */
function nameModulesByImportSpecifier(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module) || reflection.parent !== context.project) return;
    // In packages mode app.options is the package's own copy, with the package's directory.
    const pkg = JSON.parse(readFileSync(join(app.options.packageDir, 'package.json'), 'utf8')).name;
    reflection.name = reflection.name === 'index' ? pkg : `${pkg}/${reflection.name}`;
  });
}

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'cyclr',
  entryPointStrategy: 'packages',
  entryPoints: [
    'packages/core',
    'packages/tfjs-adapter',
    'packages/onnx-adapter',
    'packages/plot',
    'packages/cli',
  ],
  packageOptions: {
    // Each package's README is its landing page; its tsconfig.json is used as is.
    excludePrivate: true,
    excludeInternal: true,
    // `npm test` type-checks every package (tests included); the docs build should not fail
    // because someone's test file is mid-edit.
    skipErrorChecking: true,
    // The repository has no git remote, so "Defined in" links could only be broken.
    disableSources: true,
  },
  plugin: [nameModulesByImportSpecifier],
  readme: 'none',
  highlightLanguages: ['bash', 'console', 'javascript', 'json', 'python', 'shell', 'typescript', 'yaml'],

  out: 'docs/api',
  cleanOutputDir: true,
  githubPages: false,
  hideGenerator: true,
  // An unresolved name or a misplaced option fails the build instead of scrolling past.
  treatWarningsAsErrors: true,
  disableSources: true,
  // Offline and small: no favicon/remote assets, no full-text search of comments.
  searchInComments: false,
  searchInDocuments: false,
};
