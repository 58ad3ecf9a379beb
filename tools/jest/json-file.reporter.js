// Writes a run's results to $JEST_REPORTS_DIR/jest-<project>-<target>.json when CI (or `make test`)
// asks for them, so the closing "N passed, N failed" line can be summed across every Nx task.
const fs = require('node:fs');
const path = require('node:path');

class JsonFileReporter {
  onRunComplete(_contexts, results) {
    const dir = process.env.JEST_REPORTS_DIR;
    const project = process.env.NX_TASK_TARGET_PROJECT ?? 'workspace';
    const target = process.env.NX_TASK_TARGET_TARGET ?? 'jest';
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `jest-${project}-${target}.json`), JSON.stringify(results));
  }
}

module.exports = JsonFileReporter;
