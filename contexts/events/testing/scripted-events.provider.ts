import { DomainError } from '@shared/domain/domain-error';
import { TicketedEvent, EventSnapshot } from '../domain/ticketed-event.aggregate';
import { EventsProvider } from '../domain/events-provider';
import { ProviderItem } from '../domain/provider-item';

/** `stall`: the provider goes silent until the read is cancelled, as a hung provider would. */
export type ScriptedItem = EventSnapshot | { rejected: string } | { fail: string } | { stall: true };

/**
 * A provider that plays back a script: snapshots become events, `fail` aborts the read part-way and
 * `stall` hangs it until the caller cancels.
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

  async *read(seenAt: Date, signal?: AbortSignal): AsyncIterable<ProviderItem> {
    const items = this.feeds.shift();
    if (!items) throw new Error('the scripted provider has no feed left to serve');
    for (const item of items) {
      await Promise.resolve();
      signal?.throwIfAborted();
      if ('stall' in item) return await untilAborted(signal);
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

function untilAborted(signal?: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal?.aborted) reject(signal.reason);
    signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}
