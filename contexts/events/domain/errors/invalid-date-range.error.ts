import { DomainError } from '@shared/domain/domain-error';

export class InvalidDateRange extends DomainError {
  readonly code = 'INVALID_DATE_RANGE';

  constructor(label: string, start: string, end: string) {
    super(`${label} ends (${end}) before it starts (${start})`);
  }
}
