import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { TestDatabase, createPostgresTestDatabase } from '@shared/testing/test-databases';
import { postgresDataSourceOptions } from './data-source-options';
import { runMigrations } from './run-migrations';

class CreateThings1700000000001 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE things (name text PRIMARY KEY)');
    // Slow on purpose, so that a second process arrives while this one is still migrating.
    await queryRunner.query('SELECT pg_sleep(0.3)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE things');
  }
}

class SeedThings1700000000002 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`INSERT INTO things (name) VALUES ('first')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM things');
  }
}

class Broken1700000000003 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`INSERT INTO things (name) VALUES ('second')`);
    await queryRunner.query('SELECT * FROM no_such_table');
  }

  async down(): Promise<void> {}
}

type MigrationClass = new () => MigrationInterface;

const MIGRATIONS: MigrationClass[] = [CreateThings1700000000001, SeedThings1700000000002];

describe('runMigrations', () => {
  let database: TestDatabase;
  const dataSources: DataSource[] = [];

  async function connect(migrations = MIGRATIONS): Promise<DataSource> {
    const dataSource = new DataSource(postgresDataSourceOptions({ url: database.url, entities: [], migrations, poolSize: 2 }));
    dataSources.push(await dataSource.initialize());
    return dataSource;
  }

  beforeAll(async () => {
    database = await createPostgresTestDatabase();
  });

  afterAll(async () => {
    await Promise.all(dataSources.map((dataSource) => dataSource.destroy()));
    await database?.dispose();
  });

  it('applies each pending migration exactly once when two processes migrate at the same time', async () => {
    const [one, other] = await Promise.all([connect(), connect()]);

    const applied = await Promise.all([runMigrations(one), runMigrations(other)]);

    expect(applied.flat()).toEqual(['CreateThings1700000000001', 'SeedThings1700000000002']);
    expect(await one.query('SELECT name FROM things')).toEqual([{ name: 'first' }]);
    expect(await one.query('SELECT name FROM migrations ORDER BY id')).toEqual([
      { name: 'CreateThings1700000000001' },
      { name: 'SeedThings1700000000002' },
    ]);
  });

  it('has nothing to do once the schema is current', async () => {
    await expect(runMigrations(await connect())).resolves.toEqual([]);
  });

  it('applies nothing of a batch that fails', async () => {
    const dataSource = await connect([...MIGRATIONS, Broken1700000000003]);
    // TypeORM reports a failed migration on the console whatever the logging settings.
    const typeormLog = jest.spyOn(console, 'log').mockImplementation(() => undefined);

    await expect(runMigrations(dataSource)).rejects.toThrow('no_such_table');
    typeormLog.mockRestore();

    expect(await dataSource.query('SELECT name FROM things')).toEqual([{ name: 'first' }]);
    expect(await dataSource.query('SELECT count(*)::int AS applied FROM migrations')).toEqual([{ applied: 2 }]);
  });
});
