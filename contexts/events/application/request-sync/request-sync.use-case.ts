import { SyncRequests } from '../../domain/sync-requests';

/** Asks for a sync of every provider now; a running worker takes it within seconds. */
export class RequestSyncUseCase {
  constructor(
    private readonly requests: SyncRequests,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Returns when the request was made. */
  async execute(): Promise<Date> {
    const at = this.now();
    await this.requests.request(at);
    return at;
  }
}
