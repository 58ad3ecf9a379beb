import { DomainError } from '@shared/domain/domain-error';

export class EmptyIdentifier extends DomainError {
  readonly code = 'EMPTY_IDENTIFIER';

  constructor(field: string) {
    super(`${field} is missing or empty`);
  }
}
