import { DomainError } from '@shared/domain/domain-error';

export class NegativePrice extends DomainError {
  readonly code = 'NEGATIVE_PRICE';

  constructor(value: string) {
    super(`price "${value}" is negative`);
  }
}
