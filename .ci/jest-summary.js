// Sums Jest's --json reports into the closing line CI reads. Skipped, pending or zero tests fail:
// a test that did not run proves nothing.
const fs = require('node:fs');

const files = process.argv.slice(2).filter((file) => fs.existsSync(file));
let passed = 0;
let failed = 0;
let skipped = 0;
let brokenSuites = 0;
for (const file of files) {
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  brokenSuites += report.numRuntimeErrorTestSuites;
}
if (files.length === 0) console.log('no Jest report found');
if (skipped > 0) console.log(`${skipped} tests were skipped: a skipped test counts as failed`);
if (brokenSuites > 0) console.log(`${brokenSuites} test files failed to run`);
failed += skipped + brokenSuites;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
