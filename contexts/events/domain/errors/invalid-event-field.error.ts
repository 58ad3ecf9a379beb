import { DomainError } from '@shared/domain/domain-error';

/** A required field that is not an identifier, price or date (title, sell mode, flags). */
export class InvalidEventField extends DomainError {
  readonly code = 'INVALID_EVENT_FIELD';

  constructor(field: string, reason: string) {
    super(`${field} ${reason}`);
  }
}
