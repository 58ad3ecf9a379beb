import { DomainError } from '@shared/domain/domain-error';
import { TicketedEvent, EventSnapshot } from '../domain/ticketed-event.aggregate';
import { EventsProvider } from '../domain/events-provider';
import { ProviderItem } from '../domain/provider-item';

export type ScriptedItem = EventSnapshot | { rejected: string } | { fail: string };

/**
 * A provider that plays back a script: snapshots become events, and `fail` aborts the read part-way.
 * Like the real translator, a snapshot the domain refuses (e.g. dated 2021-09-31) becomes a rejected
 * item rather than aborting the whole read.
 */
export class ScriptedEventsProvider extends EventsProvider {
  private readonly feeds: ScriptedItem[][] = [];

  constructor(readonly name = 'default') {
    super();
  }

  willServe(...items: ScriptedItem[]): this {
    this.feeds.push(items);
    return this;
  }

  async *read(seenAt: Date): AsyncIterable<ProviderItem> {
    const items = this.feeds.shift();
    if (!items) throw new Error('the scripted provider has no feed left to serve');
    for (const item of items) {
      await Promise.resolve();
      if ('fail' in item) throw new Error(item.fail);
      if ('rejected' in item) yield { kind: 'rejected', rejection: { reference: item.rejected, reason: 'scripted rejection' } };
      else yield this.translate(item, seenAt);
    }
  }

  private translate(snapshot: EventSnapshot, seenAt: Date): ProviderItem {
    try {
      return { kind: 'event', event: TicketedEvent.create(snapshot, seenAt) };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { kind: 'rejected', rejection: { reference: `base event ${snapshot.baseEventId} / event ${snapshot.eventId}`, reason: error.message } };
    }
  }
}
