import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A zone as the `zones` column holds it: compact, since a feed's event may carry hundreds. */
export type StoredZone = [zoneId: string, name: string, capacity: number, price: string, numbered: boolean];

/**
 * One row of `events`, as the schema in migrations/ defines it (never synchronized).
 *
 * Event rows are written and read with SQL of our own (see upsert-events.sql.ts and
 * event-search.sql.ts): TypeORM would turn the wall-clock `timestamp` columns into JS Dates in the
 * host's timezone, shifting them. Hence `startsAt` & co. are the `YYYY-MM-DDTHH:MM:SS` text.
 * One row per identity: the id is the UUID v5 of (provider, base event id, event id).
 */
@Entity('events')
export class EventOrmEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  provider!: string;

  @Column({ name: 'base_event_id', type: 'text' })
  baseEventId!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column('text')
  title!: string;

  @Column({ name: 'starts_at', type: 'timestamp without time zone' })
  startsAt!: string;

  @Column({ name: 'ends_at', type: 'timestamp without time zone' })
  endsAt!: string;

  @Column({ name: 'sell_from', type: 'timestamp without time zone', nullable: true })
  sellFrom!: string | null;

  @Column({ name: 'sell_to', type: 'timestamp without time zone', nullable: true })
  sellTo!: string | null;

  @Column({ name: 'sold_out', type: 'boolean' })
  soldOut!: boolean;

  @Column({ name: 'sell_mode', type: 'text' })
  sellMode!: string;

  @Column({ name: 'ever_online', type: 'boolean' })
  everOnline!: boolean;

  @Column({ name: 'first_online_at', type: 'timestamptz', nullable: true })
  firstOnlineAt!: Date | null;

  @Column({ name: 'first_seen_at', type: 'timestamptz' })
  firstSeenAt!: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt!: Date;

  @Column('json')
  zones!: StoredZone[];

  /** Exact decimal text; kept in the row so sorting by price never computes it at query time. */
  @Column({ name: 'min_price', type: 'numeric', precision: 12, scale: 2, nullable: true })
  minPrice!: string | null;

  @Column({ name: 'max_price', type: 'numeric', precision: 12, scale: 2, nullable: true })
  maxPrice!: string | null;

  /** sha256 of the published values: compared to skip rewriting an event that did not change. */
  @Column({ name: 'values_hash', type: 'text' })
  valuesHash!: string;

  /** The event's entry of a listing, as JSON text: a search joins these rather than rendering rows. */
  @Column({ name: 'listing_json', type: 'text' })
  listingJson!: string;
}
