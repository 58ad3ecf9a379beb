import { MigrationInterface, QueryRunner } from 'typeorm';

/** `abandoned`: a run whose process went away before it could record an outcome. */
export class AbandonedSyncRuns1796030000000 implements MigrationInterface {
  name = 'AbandonedSyncRuns1796030000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_outcome_check');
    await queryRunner.query(
      "ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_outcome_check CHECK (outcome IN ('running', 'succeeded', 'failed', 'skipped', 'abandoned'))",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("UPDATE sync_runs SET outcome = 'failed' WHERE outcome = 'abandoned'");
    await queryRunner.query('ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_outcome_check');
    await queryRunner.query(
      "ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_outcome_check CHECK (outcome IN ('running', 'succeeded', 'failed', 'skipped'))",
    );
  }
}
