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

/** Rethrows a listen failure as a PortUnavailableError naming `variable`; other errors as they are. */
export function explainListenFailure(variable: string, port: number): (error: unknown) => never {
  return (error) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') throw new PortUnavailableError(variable, port, code);
    throw error;
  };
}
