import { Event, EventSnapshot } from '../domain/event.aggregate';
import { EventsProvider } from '../domain/events-provider';
import { ProviderItem } from '../domain/provider-item';

export type ScriptedItem = EventSnapshot | { rejected: string } | { fail: string };

/** A provider that plays back a script: snapshots become events, and `fail` aborts the read part-way. */
export class ScriptedEventsProvider extends EventsProvider {
  readonly name = 'default';
  private readonly feeds: ScriptedItem[][] = [];

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
      else yield { kind: 'event', event: Event.create(item, seenAt) };
    }
  }
}
