import { TicketedEvent } from './ticketed-event.aggregate';

/** Why one feed item could not become an event; `reference` locates it in the feed for the logs. */
export interface Rejection {
  reference: string;
  reason: string;
}

export type ProviderItem = { kind: 'event'; event: TicketedEvent } | { kind: 'rejected'; rejection: Rejection };
