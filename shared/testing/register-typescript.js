// `node -r ./register-typescript.js entry.ts`: runs TypeScript in a child process started by a test.
// Needed for PGlite, which cannot run inside Jest's module sandbox (its WebAssembly loader uses a
// dynamic import() that Jest's vm does not provide). Compiles file by file as jest.preset.js does
// and resolves the tsconfig path aliases.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');
const ts = require('typescript');

const root = path.resolve(__dirname, '..', '..');
const { config } = ts.readConfigFile(path.join(root, 'tsconfig.spec.json'), ts.sys.readFile);
const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
const aliases = Object.entries(options.paths ?? {}).map(([pattern, [target]]) => [
  pattern.replace('*', ''),
  path.join(root, target.replace('*', '')),
]);

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = aliases.find(([prefix]) => request.startsWith(prefix));
  return resolve.call(this, alias ? alias[1] + request.slice(alias[0].length) : request, ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { outputText } = ts.transpileModule(fs.readFileSync(filename, 'utf8'), { compilerOptions: options, fileName: filename });
  module._compile(outputText, filename);
};
