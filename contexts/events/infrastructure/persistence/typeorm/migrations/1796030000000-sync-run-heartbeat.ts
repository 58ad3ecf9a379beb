import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A run's last sign of life, so that a run whose process is gone can be told from one still going
 * and marked `abandoned` (a new outcome).
 */
export class SyncRunHeartbeat1796030000000 implements MigrationInterface {
  name = 'SyncRunHeartbeat1796030000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE sync_runs ADD COLUMN heartbeat_at timestamptz');
    await queryRunner.query('UPDATE sync_runs SET heartbeat_at = coalesce(finished_at, started_at)');
    await queryRunner.query('ALTER TABLE sync_runs ALTER COLUMN heartbeat_at SET NOT NULL');
    await queryRunner.query('ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_outcome_check');
    await queryRunner.query(
      "ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_outcome_check CHECK (outcome IN ('running', 'succeeded', 'failed', 'skipped', 'abandoned'))",
    );
    // The sweep looks only at runs still running: a handful at most, whatever the history.
    await queryRunner.query("CREATE INDEX sync_runs_running ON sync_runs (heartbeat_at) WHERE outcome = 'running'");
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX sync_runs_running');
    await queryRunner.query("UPDATE sync_runs SET outcome = 'failed' WHERE outcome = 'abandoned'");
    await queryRunner.query('ALTER TABLE sync_runs DROP CONSTRAINT sync_runs_outcome_check');
    await queryRunner.query(
      "ALTER TABLE sync_runs ADD CONSTRAINT sync_runs_outcome_check CHECK (outcome IN ('running', 'succeeded', 'failed', 'skipped'))",
    );
    await queryRunner.query('ALTER TABLE sync_runs DROP COLUMN heartbeat_at');
  }
}
