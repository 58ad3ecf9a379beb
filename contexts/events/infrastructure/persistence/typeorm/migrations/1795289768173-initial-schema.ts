import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The events store. Search indexes are partial on `ever_online` because the search only ever reads
 * events that were once on sale online; offline-only events cost them nothing.
 */
export class InitialSchema1795289768173 implements MigrationInterface {
  name = 'InitialSchema1795289768173';

  async up(queryRunner: QueryRunner): Promise<void> {
    // fillfactor leaves room on each page so the hourly last_seen_at refresh (no indexed column
    // changes) can be a HOT update that touches no index.
    await queryRunner.query(`
      CREATE TABLE events (
        id              uuid PRIMARY KEY,
        provider        text NOT NULL,
        base_event_id   text NOT NULL,
        event_id        text NOT NULL,
        title           text NOT NULL,
        starts_at       timestamp without time zone NOT NULL,
        ends_at         timestamp without time zone NOT NULL,
        sell_from       timestamp without time zone,
        sell_to         timestamp without time zone,
        sold_out        boolean NOT NULL,
        sell_mode       text NOT NULL,
        ever_online     boolean NOT NULL,
        first_online_at timestamptz,
        first_seen_at   timestamptz NOT NULL,
        last_seen_at    timestamptz NOT NULL,
        zones           jsonb NOT NULL,
        min_price       numeric(12, 2),
        max_price       numeric(12, 2),
        values_hash     text NOT NULL,
        CONSTRAINT events_identity_key UNIQUE (provider, base_event_id, event_id),
        CONSTRAINT events_schedule_in_order CHECK (starts_at <= ends_at),
        CONSTRAINT events_sell_window_in_order CHECK (sell_from <= sell_to)
      ) WITH (fillfactor = 90)
    `);
    // The default search (a window, by start date) is answered from this index alone: it carries
    // every column the listing returns, so neither the page nor the count touches the table.
    await queryRunner.query(`
      CREATE INDEX events_searchable_by_starts_at ON events (starts_at, id)
        INCLUDE (ends_at, title, min_price, max_price) WHERE ever_online
    `);
    // The other sort orders only need to hand out their first pages in order without sorting every
    // event; the few rows of a page are then read from the table. Kept narrow to keep writes cheap.
    await queryRunner.query('CREATE INDEX events_searchable_by_ends_at ON events (ends_at, id) WHERE ever_online');
    await queryRunner.query('CREATE INDEX events_searchable_by_title ON events (title, id) WHERE ever_online');
    // Prices sort with NULLS LAST in both directions, which one btree cannot give both ways
    // (read backwards, ASC NULLS LAST becomes DESC NULLS FIRST): one index per direction.
    await queryRunner.query(
      'CREATE INDEX events_searchable_by_min_price ON events (min_price ASC NULLS LAST, id ASC) WHERE ever_online',
    );
    await queryRunner.query(
      'CREATE INDEX events_searchable_by_min_price_desc ON events (min_price DESC NULLS LAST, id DESC) WHERE ever_online',
    );
    await queryRunner.query(
      'CREATE INDEX events_searchable_by_max_price ON events (max_price ASC NULLS LAST, id ASC) WHERE ever_online',
    );
    await queryRunner.query(
      'CREATE INDEX events_searchable_by_max_price_desc ON events (max_price DESC NULLS LAST, id DESC) WHERE ever_online',
    );

    await queryRunner.query(`
      CREATE TABLE sync_runs (
        id          uuid PRIMARY KEY,
        provider    text NOT NULL,
        started_at  timestamptz NOT NULL,
        finished_at timestamptz,
        outcome     text NOT NULL CHECK (outcome IN ('running', 'succeeded', 'failed', 'skipped')),
        read        integer NOT NULL,
        inserted    integer NOT NULL,
        changed     integer NOT NULL,
        unchanged   integer NOT NULL,
        rejected    integer NOT NULL,
        error       text
      )
    `);
    await queryRunner.query('CREATE INDEX sync_runs_by_started_at ON sync_runs (started_at DESC, id DESC)');

    await queryRunner.query(`
      CREATE TABLE data_version (
        id      smallint PRIMARY KEY CHECK (id = 1),
        version bigint NOT NULL
      )
    `);
    // Versions are milliseconds since the epoch (see bumpDataVersion): a database recreated from
    // scratch never reuses a version that a long-lived cache may still hold entries for.
    await queryRunner.query(
      'INSERT INTO data_version (id, version) VALUES (1, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE data_version');
    await queryRunner.query('DROP TABLE sync_runs');
    await queryRunner.query('DROP TABLE events');
  }
}
