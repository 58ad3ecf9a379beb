import { DomainError } from '@shared/domain/domain-error';

/** The store of events cannot answer now (unreachable, restarting, overloaded): a retry later may work. */
export class EventStoreUnavailable extends DomainError {
  readonly code = 'EVENT_STORE_UNAVAILABLE';

  constructor(readonly reason: string) {
    super(`the store of events is not answering (${reason})`);
  }
}
