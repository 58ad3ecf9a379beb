/**
 * The little the application layers need from a logger. Nest's `Logger` satisfies it as is,
 * so use cases log without depending on the framework.
 */
export interface LogPort {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
