#!/usr/bin/env node
// The package.json a package is published with. In the repository each package.json also carries
// what only the monorepo needs: the `@cyclr/source` export condition (tests and sibling packages run
// on TypeScript sources through it), scripts, devDependencies and Nx settings. npm runs
//   prepack:  node ../../tools/publish-manifest.mjs prepack   (saves package.json, writes the clean one)
//   postpack: node ../../tools/publish-manifest.mjs postpack  (puts the saved one back)
// around every `npm pack` and `npm publish`, so the tarball holds only what a user's install reads.
// Publishing goes through the packed tarball (tools/release.mjs), so the registry's metadata is read
// from the clean manifest too.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Fields that only the monorepo uses. */
export const REPO_ONLY_FIELDS = ['scripts', 'devDependencies', 'nx'];
/** Export conditions that only the monorepo resolves. */
export const REPO_ONLY_CONDITIONS = ['@cyclr/source'];

/** `exports` without repository-only conditions (a copy; the input is not changed). */
function cleanExports(value) {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(cleanExports);
  const out = {};
  for (const [key, v] of Object.entries(value)) if (!REPO_ONLY_CONDITIONS.includes(key)) out[key] = cleanExports(v);
  return out;
}

/** The manifest to publish for a repository package.json. */
export function publishManifest(pkg) {
  const out = {};
  for (const [key, value] of Object.entries(pkg)) {
    if (REPO_ONLY_FIELDS.includes(key)) continue;
    out[key] = key === 'exports' ? cleanExports(value) : value;
  }
  return out;
}

const BACKUP = '.package.json.repo';

function main(command, dir) {
  const file = join(dir, 'package.json');
  const backup = join(dir, BACKUP);
  if (command === 'prepack') {
    // A backup left by an interrupted pack is the repository's version: start from it.
    if (existsSync(backup)) renameSync(backup, file);
    const text = readFileSync(file, 'utf8');
    writeFileSync(backup, text);
    writeFileSync(file, `${JSON.stringify(publishManifest(JSON.parse(text)), null, 2)}\n`);
  } else if (command === 'postpack') {
    if (existsSync(backup)) renameSync(backup, file);
  } else {
    process.stderr.write(`publish-manifest: unknown command ${JSON.stringify(command)} (prepack or postpack)\n`);
    process.exitCode = 2;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv[2], process.cwd());
