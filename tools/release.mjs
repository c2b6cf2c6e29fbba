#!/usr/bin/env node
// Publishes every public package whose version is not on the registry yet, from its packed tarball
// (so the registry's metadata is the clean publish manifest, see publish-manifest.mjs), then tags
// the release with Changesets. The release flow:
//
//   npx changeset            # describe a change (one file in .changeset/)
//   npx changeset version    # bump versions and internal ranges, write CHANGELOGs; commit
//   npm run build && node tools/release.mjs [--dry-run]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dryRun = process.argv.includes('--dry-run');
const out = mkdtempSync(join(tmpdir(), 'cyclr-release-'));
let published = 0;
try {
  for (const dir of readdirSync(join(root, 'packages'))) {
    const cwd = join(root, 'packages', dir);
    const pkg = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8'));
    if (pkg.private) continue;
    const seen = spawnSync('npm', ['view', `${pkg.name}@${pkg.version}`, 'version'], { encoding: 'utf8' });
    if (seen.status === 0 && seen.stdout.trim() === pkg.version) {
      process.stdout.write(`${pkg.name}@${pkg.version} is already published\n`);
      continue;
    }
    const [info] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd, encoding: 'utf8' }));
    execFileSync('npm', ['publish', join(out, info.filename), '--access', 'public', ...(dryRun ? ['--dry-run'] : [])], { stdio: 'inherit' });
    published++;
  }
  if (published > 0 && !dryRun) execFileSync('npx', ['changeset', 'tag'], { cwd: root, stdio: 'inherit' });
} finally {
  rmSync(out, { recursive: true, force: true });
}
