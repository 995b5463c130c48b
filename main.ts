#!/usr/bin/env node
// The `warhorn` executable: see cli.ts for the commands and composition.ts for how the platform is built.
import 'reflect-metadata';
import { runCli } from './cli.js';

runCli(process.argv.slice(2)).then((code) => {
  // -1: a long-running command (start, sandbox); the process lives until a signal stops it.
  if (code >= 0) process.exit(code);
});
