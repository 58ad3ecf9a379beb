/**
 * Base of every rule violation raised by a domain. The `code` is stable and machine-readable,
 * so the edges (HTTP, feed translator) can map errors without parsing messages.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
