'use strict';
/**
 * The parse floor of `npm run bench`: a bare Node script that reads every *.yaml/*.yml file under the folders it
 * is given and parses it with js-yaml, nothing else. No command can read the same input faster than this, so the
 * bench judges each command by its ratio to this floor, measured in the same run on the same files.
 */
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { loadAll } = require('js-yaml');

let documents = 0;
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (/\.ya?ml$/.test(entry.name)) documents += loadAll(readFileSync(path, 'utf8')).length;
  }
}
for (const dir of process.argv.slice(2)) walk(dir);
process.stdout.write(`${documents}\n`);
