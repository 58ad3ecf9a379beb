import { spawn } from 'node:child_process';

export interface NodeRun {
  code: number | null;
  output: string;
  elapsedMs: number;
}

/**
 * Runs a built entry point in its own process (so its memory is its own) and collects its output.
 * `env` adds to this process's environment; a variable given as undefined is left out.
 */
export function runNode(script: string, env: Record<string, string | undefined>, nodeFlags: string[] = []): Promise<NodeRun> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output, elapsedMs: Number(process.hrtime.bigint() - started) / 1e6 }));
  });
}
