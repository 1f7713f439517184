#!/usr/bin/env node
// Entry for the `rolecall` command: the bundled CLI lives in out/cli (built by `npm run build`).
import('../out/cli/rolecall.mjs').then(({ run }) =>
  run(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
    // Safety net: if a keychain worker or socket is still open, do not hang the user's shell.
    setTimeout(() => process.exit(code), 3000).unref();
  }),
);
