import { SyncRequests } from '../domain/sync-requests';

export class InMemorySyncRequests extends SyncRequests {
  private readonly pending: Date[] = [];

  async request(at: Date): Promise<void> {
    this.pending.push(at);
  }

  async claim(): Promise<boolean> {
    return this.pending.splice(0).length > 0;
  }

  pendingCount(): number {
    return this.pending.length;
  }
}
