import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cheaper writes for the sync, the search untouched.
 *
 * - The identity's unique constraint goes: the primary key is the UUID v5 of that very identity,
 *   so it already admits one row per identity, and upserts now conflict on `id`. One index fewer
 *   to maintain on every insert.
 * - `zones` becomes a `json` array of `[zone id, name, capacity, price, numbered]` arrays. Nothing
 *   ever queries inside it (the API reads the prices kept in their own columns), and as `jsonb`
 *   objects a twenty-zone row crossed the TOAST threshold, so every write paid for compression and
 *   for binary conversion.
 *
 * The values hashes stored so far fingerprint the old layout: the first sync after this migration
 * rewrites each event once and counts it as changed.
 */
export class CompactZones1796019594309 implements MigrationInterface {
  name = 'CompactZones1796019594309';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE events DROP CONSTRAINT events_identity_key');
    await queryRunner.query('ALTER TABLE events ADD COLUMN compact_zones json');
    await queryRunner.query(`
      UPDATE events SET compact_zones = (
        SELECT COALESCE(
                 json_agg(json_build_array(zone->>'zoneId', zone->>'name', (zone->>'capacity')::bigint,
                                           zone->>'price', (zone->>'numbered')::boolean) ORDER BY position),
                 '[]'::json)
        FROM jsonb_array_elements(zones) WITH ORDINALITY AS listed(zone, position))
    `);
    await queryRunner.query('ALTER TABLE events DROP COLUMN zones');
    await queryRunner.query('ALTER TABLE events RENAME COLUMN compact_zones TO zones');
    await queryRunner.query('ALTER TABLE events ALTER COLUMN zones SET NOT NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE events ADD COLUMN object_zones jsonb');
    await queryRunner.query(`
      UPDATE events SET object_zones = (
        SELECT COALESCE(
                 jsonb_agg(jsonb_build_object('zoneId', zone->>0, 'name', zone->>1, 'capacity', (zone->>2)::bigint,
                                              'price', zone->>3, 'numbered', (zone->>4)::boolean) ORDER BY position),
                 '[]'::jsonb)
        FROM json_array_elements(zones) WITH ORDINALITY AS listed(zone, position))
    `);
    await queryRunner.query('ALTER TABLE events DROP COLUMN zones');
    await queryRunner.query('ALTER TABLE events RENAME COLUMN object_zones TO zones');
    await queryRunner.query('ALTER TABLE events ALTER COLUMN zones SET NOT NULL');
    await queryRunner.query(
      'ALTER TABLE events ADD CONSTRAINT events_identity_key UNIQUE (provider, base_event_id, event_id)',
    );
  }
}
