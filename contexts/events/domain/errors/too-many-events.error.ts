import { DomainError } from '@shared/domain/domain-error';

/** A search without pages over a window holding more events than one answer may carry. */
export class TooManyEvents extends DomainError {
  readonly code = 'TOO_MANY_EVENTS';

  constructor(readonly maxEvents: number) {
    super(
      `the window holds more than ${maxEvents} events, more than one answer carries: ` +
        'narrow it (starts_at, ends_at) or page through it with GET /events',
    );
  }
}
