import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A row's entry of a `/search` listing, as the JSON text `listingEntryOf` gives (the sync writes
 * it from there), for the rows stored before this column existed. `to_json` escapes a title as
 * `JSON.stringify` does, and `trim_scale` drops a price's trailing zeros as JavaScript's numbers
 * print it (12.50 → 12.5, 10.00 → 10), whatever the session's float settings.
 */
export const LISTING_JSON_OF_ROW = `'{"id":"' || id || '","title":' || to_json(title)::text
  || ',"start_date":"' || to_char(starts_at, 'YYYY-MM-DD') || '","start_time":"' || to_char(starts_at, 'HH24:MI:SS')
  || '","end_date":"' || to_char(ends_at, 'YYYY-MM-DD') || '","end_time":"' || to_char(ends_at, 'HH24:MI:SS')
  || '","min_price":' || COALESCE(trim_scale(min_price)::text, 'null')
  || ',"max_price":' || COALESCE(trim_scale(max_price)::text, 'null') || '}'`;

/**
 * A search without pages answers with its rows' entries joined, rendered once when the event is
 * written rather than on every search: building the JSON at query time cost more than the query
 * itself, whether PostgreSQL (row_to_json, to_char) or the API (parsing rows, mapping, serializing)
 * did it. The default search's covering index carries the entry, so a listing stays an index-only scan.
 */
export class ListingJson1796040000000 implements MigrationInterface {
  name = 'ListingJson1796040000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Dropped first, so filling the column does not write every entry into it twice.
    await queryRunner.query('DROP INDEX events_searchable_by_starts_at');
    await queryRunner.query('ALTER TABLE events ADD COLUMN listing_json text');
    await queryRunner.query(`UPDATE events SET listing_json = ${LISTING_JSON_OF_ROW}`);
    await queryRunner.query('ALTER TABLE events ALTER COLUMN listing_json SET NOT NULL');
    await queryRunner.query(`
      CREATE INDEX events_searchable_by_starts_at ON events (starts_at, id)
        INCLUDE (ends_at, title, min_price, max_price, listing_json) WHERE ever_online
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX events_searchable_by_starts_at');
    await queryRunner.query('ALTER TABLE events DROP COLUMN listing_json');
    await queryRunner.query(`
      CREATE INDEX events_searchable_by_starts_at ON events (starts_at, id)
        INCLUDE (ends_at, title, min_price, max_price) WHERE ever_online
    `);
  }
}
