import { DomainError } from '@shared/domain/domain-error';

export class InvalidPrice extends DomainError {
  readonly code = 'INVALID_PRICE';

  constructor(value: string, reason: string) {
    super(`price "${value}" ${reason}`);
  }
}
