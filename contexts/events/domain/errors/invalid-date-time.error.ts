import { DomainError } from '@shared/domain/domain-error';

export class InvalidDateTime extends DomainError {
  readonly code = 'INVALID_DATE_TIME';

  constructor(value: string, reason: string) {
    super(`"${value}" is not a valid date-time: ${reason}`);
  }
}
