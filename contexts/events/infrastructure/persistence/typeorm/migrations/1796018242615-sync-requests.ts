import { MigrationInterface, QueryRunner } from 'typeorm';

/** Manual sync requests: a row per request until a worker takes them all at once. */
export class SyncRequests1796018242615 implements MigrationInterface {
  name = 'SyncRequests1796018242615';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sync_requests (
        id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        requested_at timestamptz NOT NULL
      )
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE sync_requests');
  }
}
