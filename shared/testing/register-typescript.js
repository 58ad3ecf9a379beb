// `node -r ./register-typescript.js entry.ts`: runs TypeScript in a child process started by a test
// (apps started as real processes, PGlite, which cannot run inside Jest's module sandbox). Compiles
// file by file as jest.preset.js does and resolves the tsconfig path aliases. Every spec that starts
// an app would otherwise spend seconds transpiling the same files again, so each output is kept on
// disk under a key of the file, its contents and the compiler settings; TypeScript itself is loaded
// only when something has changed.
'use strict';
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const root = path.resolve(__dirname, '..', '..');
const CONFIG_FILES = ['tsconfig.base.json', 'tsconfig.spec.json', 'node_modules/typescript/package.json'];
const settings = CONFIG_FILES.map((file) => fs.readFileSync(path.join(root, file), 'utf8')).join('\0');
const cacheDir = path.join(root, 'node_modules', '.cache', 'register-typescript');
fs.mkdirSync(cacheDir, { recursive: true });

const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));
const aliases = Object.entries(compilerOptions.paths ?? {}).map(([pattern, [target]]) => [
  pattern.replace('*', ''),
  path.join(root, compilerOptions.baseUrl ?? '.', target.replace('*', '')),
]);

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = aliases.find(([prefix]) => request.startsWith(prefix));
  return resolve.call(this, alias ? alias[1] + request.slice(alias[0].length) : request, ...rest);
};

let compiler;
function transpile(source, fileName) {
  if (!compiler) {
    const ts = require('typescript');
    const { config } = ts.readConfigFile(path.join(root, 'tsconfig.spec.json'), ts.sys.readFile);
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root);
    compiler = (text, name) => ts.transpileModule(text, { compilerOptions: options, fileName: name }).outputText;
  }
  return compiler(source, fileName);
}

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha256').update(settings).update('\0').update(filename).update('\0').update(source).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  let output;
  try {
    output = fs.readFileSync(cached, 'utf8');
  } catch {
    output = transpile(source, filename);
    // Written aside then renamed, so a process starting at the same moment never reads half a file.
    const partial = `${cached}.${process.pid}`;
    fs.writeFileSync(partial, output);
    fs.renameSync(partial, cached);
  }
  module._compile(output, filename);
};
