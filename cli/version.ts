import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = 'secure-eks-netpol';

/**
 * The version in the project's package.json, found by walking up from this module, so it holds whether the CLI
 * runs from its sources or from a compiled copy one folder deeper.
 */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: unknown;
        version?: unknown;
      };
      if (manifest.name === PACKAGE_NAME && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // No (readable) package.json here: keep walking up.
    }
    if (dirname(dir) === dir) return 'unknown';
  }
}
