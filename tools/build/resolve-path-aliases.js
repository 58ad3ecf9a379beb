// `node tools/build/resolve-path-aliases.js <projectRoot>`: rewrites the @contexts/… and @shared/…
// aliases in one project's compiled files (dist/<projectRoot>) into relative requires. tsc-alias's
// CLI rewrites every file under the shared dist/, which would race with other projects' builds
// running in parallel; its single-file API lets each build touch only its own outputs.
const fs = require('node:fs');
const path = require('node:path');
const { prepareSingleFileReplaceTscAliasPaths } = require('tsc-alias');

async function main(projectRoot) {
  const root = path.resolve(__dirname, '..', '..');
  const replace = await prepareSingleFileReplaceTscAliasPaths({ configFile: path.join(root, projectRoot, 'tsconfig.build.json') });
  const outputs = fs.readdirSync(path.join(root, 'dist', projectRoot), { recursive: true, withFileTypes: true });
  for (const entry of outputs) {
    if (!entry.isFile() || !/\.(js|d\.ts)$/.test(entry.name)) continue;
    const filePath = path.join(entry.parentPath, entry.name);
    const fileContents = fs.readFileSync(filePath, 'utf8');
    const rewritten = replace({ fileContents, filePath });
    if (rewritten !== fileContents) fs.writeFileSync(filePath, rewritten);
  }
}

main(process.argv[2]).catch((error) => {
  console.error(error);
  process.exit(1);
});
