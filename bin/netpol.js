#!/usr/bin/env node
'use strict';
// The one `netpol` launcher (package.json `bin`), for the two ways it runs:
// - in this repository (`npm run netpol`, `npx netpol` right after `npm ci`): from the TypeScript sources, which
//   tsx compiles on first use and caches, so there is no build step and what runs is always what is checked out;
// - from the installed package, which ships no sources: the compiled CLI that `npm run build` wrote before
//   `npm pack`, with no TypeScript tooling at run time.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const sources = join(__dirname, '..', 'cli', 'main.ts');
if (existsSync(sources)) {
  require('tsx/cjs');
  require(sources).main();
} else {
  require('../build/cli/main.js').main();
}
