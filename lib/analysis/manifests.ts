import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { loadAll, YAMLException } from 'js-yaml';
import { InputError } from './errors';
import type { SkippedObject } from './skipped';
import { compareStrings, isRecord, type SourceRef } from './types';

/** One parsed Kubernetes object and where it was read from. */
export interface Manifest {
  object: unknown;
  source: SourceRef;
  /** Said after any error about this object: its folder holds a kustomization, so it may be a patch. */
  renderHint?: string;
}

/** What reading an input yields: objects to evaluate, and files skipped whole (unrendered charts, ...). */
export type InputItem = Manifest | SkippedObject;

export function isManifest(item: InputItem): item is Manifest {
  return 'object' in item;
}

/** The name `-` (standard input) gets in messages. */
export const STDIN_NAME = '<stdin>';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;
const JSON_FILE = /\.json$/i;
const DOCUMENT_START = /^---(?=[ \t\r\n]|$)/gm;
const KUSTOMIZATION_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);
const HELM_VALUES_FILE = /^values.*\.ya?ml$/i;

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

function isListObject(object: unknown): object is { kind: string; apiVersion?: unknown; items: unknown[] } {
  if (!isRecord(object)) return false;
  const { kind, items } = object;
  return typeof kind === 'string' && kind.endsWith('List') && Array.isArray(items);
}

/**
 * `kubectl get -o yaml` wraps objects in a `kind: List` whose items carry their own kind. The API's typed lists
 * (`PodList`, `NetworkPolicyList`, ...) leave `kind` and `apiVersion` out of their items: they take the list's.
 */
function* expandLists(object: unknown, source: SourceRef, release = false): Generator<Manifest> {
  if (!isListObject(object)) {
    yield { object, source };
    return;
  }
  const itemKind = object.kind === 'List' ? undefined : object.kind.slice(0, -'List'.length);
  const { items } = object;
  for (let item = 0; item < items.length; item++) {
    const raw = items[item];
    const typed =
      itemKind && isRecord(raw) && raw.kind === undefined
        ? { apiVersion: object.apiVersion, kind: itemKind, ...raw }
        : raw;
    yield { object: typed, source: { ...source, item } };
    // Parsed here, so ours to drop: a 100,000-item list need not stay whole while its items are read.
    if (release) items[item] = undefined;
  }
}

function yamlDocuments(text: string, file: string): unknown[] {
  try {
    return loadAll(text, { filename: file });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const mark = error.mark;
    const index = mark ? documentIndexAt(text, mark.position) : undefined;
    const where = mark ? ` (line ${mark.line + 1}, column ${mark.column + 1})` : '';
    throw new InputError({ file, index }, `invalid YAML: ${error.reason}${where}`);
  }
}

/** `kubectl get -o json` writes one JSON object; JSON.parse reads it several times faster than a YAML parser. */
function jsonDocument(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError({ file, index: 0 }, `invalid JSON: ${message}`);
  }
}

/** Standard input holds JSON or YAML; JSON first when it looks like JSON, YAML (a superset) otherwise. */
function stdinDocuments(text: string): unknown[] {
  if (/^\s*[{[]/.test(text)) {
    try {
      return [JSON.parse(text) as unknown];
    } catch {
      // YAML flow style (`{kind: Pod}`) also starts with a brace: let the YAML parser read it, or say what is wrong.
    }
  }
  return yamlDocuments(text, STDIN_NAME);
}

/** A kustomize JSON 6902 patch: a list of `{op, path}` operations. */
function isJsonPatch(document: unknown): boolean {
  return (
    Array.isArray(document) &&
    document.length > 0 &&
    document.every((operation) => isRecord(operation) && 'op' in operation && 'path' in operation)
  );
}

/** Parses every document of one YAML text; empty documents are skipped but still counted. */
export function parseManifests(text: string, file: string): Manifest[] {
  return [...documentsToItems(yamlDocuments(text, file), file)].filter(isManifest);
}

/** Yields the objects of freshly parsed documents, dropping each document from the array once it is consumed. */
function* documentsToItems(documents: unknown[], file: string, renderHint?: string): Generator<InputItem> {
  for (let index = 0; index < documents.length; index++) {
    const document = documents[index];
    documents[index] = undefined;
    if (document === null || document === undefined) continue;
    const source = { file, index };
    if (isJsonPatch(document) || (isRecord(document) && '$patch' in document)) {
      yield {
        kind: 'kustomize patch',
        category: 'render-first',
        reason: `a kustomize patch: render the kustomization first (kustomize build ${dirname(file)} | netpol <command> -)`,
        source,
      };
      continue;
    }
    for (const manifest of expandLists(document, source, true)) {
      yield renderHint ? { ...manifest, renderHint } : manifest;
    }
  }
}

/** Wraps in-memory objects (tests, charts) so errors can still point at the offending one. */
export function manifestsFromObjects(objects: readonly unknown[]): Manifest[] {
  return objects.flatMap((object, index) => [...expandLists(object, { index })]);
}

/** Node's `EACCES: permission denied, open '/path'` without the system call and path, which the message names. */
function fsProblem(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split(', ')[0];
}

function readOrRefuse<T>(path: string, what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError({ file: path }, `cannot read the ${what} (${fsProblem(error)})`);
  }
}

/** A manifest file found in a folder, with what its folder says about it (part of a Helm chart, a kustomization). */
interface FoundFile {
  path: string;
  /** The Helm chart folder (holding Chart.yaml) the file belongs to. */
  chart?: string;
  /** The folder's kustomization file, when it has one. */
  kustomization?: string;
  /** The kustomization that names this file as a patch. */
  patchOf?: string;
}

/**
 * Every manifest file (.yaml, .yml, .json) under `dir`, in code-unit order of the names. Symbolic links are
 * followed (kustomize and Helm outputs use them); each real directory is read once, so a link cycle cannot loop.
 */
/**
 * The files a kustomization names as patches (`patches[].path`, `patchesJson6902[].path`, `patchesStrategicMerge`):
 * fragments of objects, not objects, even when one looks whole. A kustomization that cannot be read names none
 * (it is skipped with its own hint anyway).
 */
function kustomizePatchFiles(kustomization: string): string[] {
  let document: unknown;
  try {
    [document] = loadAll(readFileSync(kustomization, 'utf8'));
  } catch {
    return [];
  }
  if (!isRecord(document)) return [];
  const entries = (key: string): unknown[] => {
    const value = document[key];
    return Array.isArray(value) ? value : [];
  };
  const paths = [
    ...[...entries('patches'), ...entries('patchesJson6902')].map((entry) => isRecord(entry) && entry.path),
    ...entries('patchesStrategicMerge'),
  ];
  return paths
    .filter((path): path is string => typeof path === 'string' && !path.includes('\n'))
    .map((path) => resolve(dirname(kustomization), path));
}

function listManifestFiles(
  dir: string,
  visited: Set<string>,
  chart?: string,
  patches: ReadonlyMap<string, string> = new Map(),
): FoundFile[] {
  const real = readOrRefuse(dir, 'directory', () => realpathSync(dir));
  if (visited.has(real)) return [];
  visited.add(real);
  const entries = readOrRefuse(dir, 'directory', () => readdirSync(dir, { withFileTypes: true })).sort(
    (a, b) => compareStrings(a.name, b.name),
  );
  const names = new Set(entries.map((entry) => entry.name));
  const inChart = chart ?? (names.has('Chart.yaml') ? dir : undefined);
  const kustomizationName = [...KUSTOMIZATION_FILES].find((name) => names.has(name));
  const kustomization = kustomizationName && join(dir, kustomizationName);
  const patchesHere = new Map(patches);
  if (kustomization)
    for (const patch of kustomizePatchFiles(kustomization)) patchesHere.set(patch, kustomization);
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    const target = entry.isSymbolicLink()
      ? readOrRefuse(path, 'file', () => statSync(path, { throwIfNoEntry: false }))
      : entry;
    if (target?.isDirectory()) return listManifestFiles(path, visited, inChart, patchesHere);
    if (!MANIFEST_FILE.test(entry.name) && !KUSTOMIZATION_FILES.has(entry.name)) return [];
    if (!target) throw new InputError({ file: path }, 'cannot read the file (a symbolic link to nothing)');
    const patchOf = patchesHere.get(resolve(path));
    return target.isFile() ? [{ path, chart: inChart, kustomization, patchOf }] : [];
  });
}

/**
 * Text as editors and shells write it: UTF-8, with or without a byte order mark, or UTF-16 with one (what
 * `kubectl get -o json > file` writes in Windows PowerShell 5).
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

const readText = (file: string): string => readOrRefuse(file, 'file', () => decodeText(readFileSync(file)));

/** Files that are tooling, not manifests: skipped whole with the command that renders them. */
function toolingFile({ path, chart, patchOf }: FoundFile): SkippedObject | undefined {
  const name = basename(path);
  const source = { file: path };
  if (patchOf) {
    return {
      kind: 'kustomize patch',
      category: 'render-first',
      reason: `a patch of ${patchOf}: render the kustomization first (kustomize build ${dirname(patchOf)} | netpol <command> -)`,
      source,
    };
  }
  const helm = (kind: string) => ({
    kind,
    category: 'render-first' as const,
    reason: `part of the Helm chart ${chart}: render it first (helm template ${chart} | netpol <command> -)`,
    source,
  });
  if (KUSTOMIZATION_FILES.has(name)) {
    return {
      kind: 'Kustomization',
      category: 'render-first',
      reason: `a kustomization: render it first (kustomize build ${dirname(path)} | netpol <command> -)`,
      source,
    };
  }
  if (!chart) return undefined;
  if (path === join(chart, 'Chart.yaml')) return helm('Helm Chart.yaml');
  const [top] = relative(chart, path).split(sep);
  if (top === 'templates' || top === 'charts') return helm('Helm template');
  if (HELM_VALUES_FILE.test(name) && dirname(path) === chart) return helm('Helm values');
  return undefined;
}

/** An unrendered Helm template is not YAML: name it and say how to render it, rather than a YAML error. */
function helmTemplateProblem(error: unknown, text: string, file: string): SkippedObject | undefined {
  if (!(error instanceof InputError) || !text.includes('{{')) return undefined;
  return {
    kind: 'Helm template',
    category: 'render-first',
    reason: `a Helm template ({{ }}): render it first (helm template <chart> | netpol <command> -)`,
    source: { file },
  };
}

/** The file's documents, or what it is when it is an unrendered Helm template; its text is not kept. */
function parseFile(path: string, renderHint: string | undefined): unknown[] | SkippedObject {
  const text = readText(path);
  try {
    return JSON_FILE.test(path) ? [jsonDocument(text, path)] : yamlDocuments(text, path);
  } catch (error) {
    const template = helmTemplateProblem(error, text, path);
    if (template) return template;
    if (error instanceof InputError && renderHint) {
      throw new InputError(error.source, `${error.reason} (${renderHint})`);
    }
    throw error;
  }
}

function* fileItems(found: FoundFile): Generator<InputItem> {
  const tooling = toolingFile(found);
  if (tooling) {
    yield tooling;
    return;
  }
  const { path, kustomization } = found;
  const renderHint =
    kustomization &&
    `${kustomization} is beside it: if this is a patch, render first (kustomize build ${dirname(kustomization)} | netpol <command> -)`;
  const documents = parseFile(path, renderHint);
  if (Array.isArray(documents)) yield* documentsToItems(documents, path, renderHint);
  else yield documents;
}

function listInput(path: string): FoundFile[] {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) throw new InputError({ file: path }, 'no such file or directory');
  // A Chart.yaml given alone still stands for its chart.
  if (stats.isFile()) return [basename(path) === 'Chart.yaml' ? { path, chart: dirname(path) } : { path }];
  if (!stats.isDirectory()) throw new InputError({ file: path }, 'not a file or a directory');
  const files = listManifestFiles(path, new Set());
  if (files.length === 0) throw new InputError({ file: path }, 'no .yaml, .yml or .json file found');
  return files;
}

export interface ReadOptions {
  /**
   * Reads standard input whole, for the input `-`.
   * @default - `-` is refused
   */
  readStdin?: () => string;
}

/**
 * Reads each input (a folder, read recursively; a .yaml, .yml or .json file; `-` for standard input) one file at
 * a time: a file's documents are parsed only when the previous file's have been consumed, so a caller that keeps
 * only what it extracts never holds every parsed document at once. Folders are listed first, so a missing input
 * is refused before any file is parsed.
 */
export function* readInputs(paths: readonly string[], options: ReadOptions = {}): Generator<InputItem> {
  const seen = new Set<string>();
  for (const path of paths) {
    if (seen.has(path)) throw new InputError(undefined, `input ${path} is given twice`);
    seen.add(path);
  }
  const listed = paths.map((path) => (path === '-' ? undefined : listInput(path)));
  // A folder given with one of its files or subfolders (`netpol lint . policies/`) reads each file once.
  const read = new Set<string>();
  for (const files of listed) {
    if (files) {
      for (const found of files.filter(({ path }) => !read.has(resolve(path)))) {
        read.add(resolve(found.path));
        yield* fileItems(found);
      }
    } else {
      yield* stdinItems(options.readStdin);
    }
  }
}

function* stdinItems(readStdin: (() => string) | undefined): Generator<InputItem> {
  if (!readStdin) throw new InputError(undefined, 'standard input (-) is not available here');
  yield* documentsToItems(parseStdin(readStdin), STDIN_NAME);
}

function parseStdin(readStdin: () => string): unknown[] {
  const text = readOrRefuse(STDIN_NAME, 'standard input', readStdin);
  try {
    return stdinDocuments(text);
  } catch (error) {
    const template = helmTemplateProblem(error, text, STDIN_NAME);
    if (template) throw new InputError(template.source, template.reason);
    throw error;
  }
}

/** Reads every .yaml/.yml/.json file under `dir`, recursively and in a stable order, every document of each. */
export function loadManifestDir(dir: string): Manifest[] {
  const stats = statSync(dir, { throwIfNoEntry: false });
  if (!stats) throw new InputError({ file: dir }, 'no such directory');
  if (!stats.isDirectory()) throw new InputError({ file: dir }, 'not a directory');
  return [...readInputs([dir])].filter(isManifest);
}
