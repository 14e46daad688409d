import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

/** An entry of package-lock.json's `packages` (lockfileVersion 3). */
interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}
interface Lock {
  packages: Record<string, LockEntry>;
}

/** Where Node finds `name` from the package at `from` ('' is the project): its node_modules, then its parents'. */
function resolveIn(lock: Lock, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const parent = base.lastIndexOf('/node_modules/');
    base = parent === -1 ? '' : base.slice(0, parent);
  }
}

/**
 * The package-lock.json of a project that depends on `project.roots` and on the packed tarball, with every package
 * at the version this repository's lock pins. `npm ci --offline` then installs what this repository's `npm ci`
 * already put in npm's cache (metadata and tarballs); a plain `npm install` would resolve version ranges anew and
 * could pick a version that was never downloaded.
 * @param repositoryLock this repository's package-lock.json (its package.json is read beside it)
 * @param project the project's name and its other dependencies, by name
 * @param tarball the packed package, beside the project's package.json (referred to as `file:<its file name>`)
 */
export function offlineLock(
  repositoryLock: string,
  project: { name: string; roots: readonly string[] },
  tarball: string,
) {
  const lock = JSON.parse(readFileSync(repositoryLock, 'utf8')) as Lock;
  const packaged = JSON.parse(readFileSync(repositoryLock.replace(/-lock\.json$/, '.json'), 'utf8')) as {
    name: string;
    version: string;
    license: string;
    bin: Record<string, string>;
    engines: Record<string, string>;
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
  };
  const packages: Record<string, LockEntry> = {};
  const visit = (path: string) => {
    if (packages[path]) return;
    // The repository's dev and peer flags describe its own tree, not the project's.
    const entry = { ...lock.packages[path] };
    for (const flag of ['dev', 'devOptional', 'peer']) delete entry[flag];
    packages[path] = entry;
    const optionalPeers = entry.peerDependenciesMeta ?? {};
    const wanted = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.optionalDependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter((name) => !optionalPeers[name]?.optional),
    ];
    for (const name of wanted) {
      const found = resolveIn(lock, path, name);
      if (found) visit(found);
      else if (!(name in (entry.optionalDependencies ?? {})))
        throw new Error(`${path} needs ${name}, which this repository's lock does not hold`);
    }
  };
  for (const name of [...project.roots, ...Object.keys(packaged.dependencies)]) {
    const found = resolveIn(lock, '', name);
    if (!found) throw new Error(`this repository's lock holds no ${name}`);
    visit(found);
  }
  const dependencies = Object.fromEntries(
    project.roots.map((name) => [name, lock.packages[`node_modules/${name}`].version as string]),
  );
  dependencies[packaged.name] = `file:${basename(tarball)}`;
  packages[`node_modules/${packaged.name}`] = {
    version: packaged.version,
    resolved: `file:${basename(tarball)}`,
    integrity: `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`,
    license: packaged.license,
    dependencies: packaged.dependencies,
    bin: packaged.bin,
    engines: packaged.engines,
    peerDependencies: packaged.peerDependencies,
  };
  const manifest = { name: project.name, version: '1.0.0', private: true, dependencies };
  const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b)));
  return {
    manifest,
    lock: {
      name: project.name,
      version: '1.0.0',
      lockfileVersion: 3,
      requires: true,
      packages: { '': { name: project.name, version: '1.0.0', dependencies }, ...sorted },
    },
  };
}
