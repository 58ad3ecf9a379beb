import { ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface NodeServer {
  readonly url: string;
  /** What the process printed so far, for error messages. */
  output(): string;
  /** SIGTERM, so the server drains and closes its connections; SIGKILL if it has not exited in time. */
  stop(): Promise<void>;
}

export interface NodeServerOptions {
  port: number;
  /** Any HTTP answer on this path means the server is up. */
  readyPath: string;
  args?: string[];
  env?: Record<string, string>;
  /** Flags for node itself, e.g. a heap limit. */
  nodeFlags?: string[];
}

const STARTUP_TIMEOUT_MS = 60_000;
const POLL_INTERVAL_MS = 200;
const STOP_TIMEOUT_MS = 10_000;

const running = new Set<ChildProcess>();
// Last resort for a bench that dies on an error nobody caught: no server outlives it.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (!running.has(child)) return;
  child.kill('SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(STOP_TIMEOUT_MS, false)]);
  if (stopped) return;
  child.kill('SIGKILL');
  await exited;
}

/** Runs a built server entry point in its own process (as run-node.ts does a one-shot one) and waits until it answers. */
export async function startNodeServer(script: string, options: NodeServerOptions): Promise<NodeServer> {
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), script, ...(options.args ?? [])], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.once('error', (error) => (output += `${error.message}\n`));
  const exited = new Promise<void>((resolve) =>
    child.once('close', () => {
      running.delete(child);
      resolve();
    }),
  );
  const server: NodeServer = {
    url: `http://127.0.0.1:${options.port}`,
    output: () => output,
    stop: () => stopChild(child, exited),
  };

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (!(await answers(`${server.url}${options.readyPath}`))) {
    if (!running.has(child)) throw new Error(`${script} exited while starting:\n${output}`);
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`${script} did not answer within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    await sleep(POLL_INTERVAL_MS);
  }
  return server;
}
