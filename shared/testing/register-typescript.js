// `node -r ./register-typescript.js entry.ts`: runs TypeScript in a child process started by a test.
// Needed for PGlite, which cannot run inside Jest's module sandbox (its WebAssembly loader uses a
// dynamic import() that Jest's vm does not provide). Compiles as jest.preset.js does (SWC with
// .swcrc) and resolves the tsconfig path aliases.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..', '..');
const swcrc = JSON.parse(fs.readFileSync(path.join(root, '.swcrc'), 'utf8'));
const { paths } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions;

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    ...swcrc,
    swcrc: false,
    filename,
    jsc: { ...swcrc.jsc, baseUrl: root, paths },
  });
  module._compile(code, filename);
};
