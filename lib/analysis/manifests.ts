import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadAll, YAMLException } from 'js-yaml';
import { InputError } from './errors';
import { compareStrings, type SourceRef } from './types';

/** One parsed Kubernetes object and where it was read from. */
export interface Manifest {
  object: unknown;
  source: SourceRef;
}

const YAML_FILE = /\.ya?ml$/i;
const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/gm;

/**
 * js-yaml parses a whole multi-document file at once and reports an error position in the text;
 * counting the `---` markers before that position recovers which document is broken.
 */
function documentIndexAt(text: string, position: number): number {
  const markers = [...text.matchAll(DOCUMENT_START)].map((match) => match.index);
  const before = markers.filter((offset) => offset <= position).length;
  const leading = text.slice(0, markers[0] ?? 0);
  const startsWithMarker = markers.length > 0 && /^(\s*(#.*|%.*)?\n)*\s*$/.test(leading);
  return Math.max(0, startsWithMarker ? before - 1 : before);
}

function isListObject(object: unknown): object is { kind: string; items: unknown[] } {
  if (typeof object !== 'object' || object === null) return false;
  const { kind, items } = object as { kind?: unknown; items?: unknown };
  return typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items);
}

/** `kubectl get -o yaml` wraps objects in a `kind: List`; its items are ordinary manifests. */
function expandLists(object: unknown, source: SourceRef): Manifest[] {
  if (!isListObject(object)) return [{ object, source }];
  return object.items.map((item, itemIndex) => ({ object: item, source: { ...source, item: itemIndex } }));
}

/** Parses every document of one YAML text; empty documents are skipped but still counted. */
export function parseManifests(text: string, file: string): Manifest[] {
  let documents: unknown[];
  try {
    documents = loadAll(text, { filename: file });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const mark = error.mark;
    const index = mark ? documentIndexAt(text, mark.position) : undefined;
    const where = mark ? ` (line ${mark.line + 1}, column ${mark.column + 1})` : '';
    throw new InputError({ file, index }, `invalid YAML: ${error.reason}${where}`);
  }
  return documents.flatMap((object, index) =>
    object === null || object === undefined ? [] : expandLists(object, { file, index }),
  );
}

/** Wraps in-memory objects (tests, charts) so errors can still point at the offending one. */
export function manifestsFromObjects(objects: readonly unknown[]): Manifest[] {
  return objects.flatMap((object, index) => expandLists(object, { index }));
}

/** Node's `EACCES: permission denied, open '/path'` without the system call and path, which the message names. */
function fsProblem(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split(', ')[0];
}

function readOrRefuse<T>(path: string, what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new InputError({ file: path }, `cannot read the ${what} (${fsProblem(error)})`);
  }
}

/**
 * Every YAML file under `dir`, in code-unit order of the names. Symbolic links are followed (kustomize and
 * Helm outputs use them); each real directory is read once, so a link cycle cannot loop.
 */
function listYamlFiles(dir: string, visited: Set<string>): string[] {
  const real = readOrRefuse(dir, 'directory', () => realpathSync(dir));
  if (visited.has(real)) return [];
  visited.add(real);
  const entries = readOrRefuse(dir, 'directory', () => readdirSync(dir, { withFileTypes: true }));
  return entries
    .sort((a, b) => compareStrings(a.name, b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      const target = entry.isSymbolicLink()
        ? readOrRefuse(path, 'file', () => statSync(path, { throwIfNoEntry: false }))
        : entry;
      if (target?.isDirectory()) return listYamlFiles(path, visited);
      if (!YAML_FILE.test(entry.name)) return [];
      if (!target) throw new InputError({ file: path }, 'cannot read the file (a symbolic link to nothing)');
      return target.isFile() ? [path] : [];
    });
}

const readText = (file: string): string => readOrRefuse(file, 'file', () => readFileSync(file, 'utf8'));

/** Reads every .yaml/.yml file under `dir`, recursively and in a stable order, every document of each. */
export function loadManifestDir(dir: string): Manifest[] {
  const stats = statSync(dir, { throwIfNoEntry: false });
  if (!stats) throw new InputError({ file: dir }, 'no such directory');
  if (!stats.isDirectory()) throw new InputError({ file: dir }, 'not a directory');
  const files = listYamlFiles(dir, new Set());
  if (files.length === 0) throw new InputError({ file: dir }, 'no .yaml or .yml file found');
  return files.flatMap((file) => parseManifests(readText(file), file));
}
