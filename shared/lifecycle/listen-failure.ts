/** What `listen` failed on, told in terms of the variable that chose the port. */
export class PortUnavailableError extends Error {
  constructor(variable: string, port: number, code: string) {
    super(
      code === 'EADDRINUSE'
        ? `port ${port} is already in use: stop what holds it, or set ${variable} to a free port`
        : `cannot listen on port ${port} (${code}): set ${variable} to another port`,
    );
    this.name = 'PortUnavailableError';
  }
}

/** An address `listen` could not bind (not this machine's, or not a name it can resolve), told in terms of HOST. */
export class HostUnavailableError extends Error {
  constructor(host: string, code: string) {
    super(`cannot listen on HOST=${host} (${code}): set HOST to an address of this machine, such as 0.0.0.0 (every interface) or 127.0.0.1`);
    this.name = 'HostUnavailableError';
  }
}

const HOST_FAILURES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);

/** Rethrows a listen failure as an error naming `variable` (or HOST, given the host it listened on); other errors as they are. */
export function explainListenFailure(variable: string, port: number, host?: string): (error: unknown) => never {
  return (error) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') throw new PortUnavailableError(variable, port, code);
    if (host !== undefined && code !== undefined && HOST_FAILURES.has(code)) throw new HostUnavailableError(host, code);
    throw error;
  };
}
