#!/usr/bin/env node
'use strict';
// The netpol CLI runs from its TypeScript sources right after `npm ci`: tsx compiles each module on
// first use and caches it, so there is no build step and startup stays short.
require('tsx/cjs');
require('../cli/main.ts').main();
