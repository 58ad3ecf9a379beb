import { Column, Entity, PrimaryColumn } from 'typeorm';
import { SyncOutcome } from '@contexts/events/domain/sync-run';

/** One row of `sync_runs`, as the schema in migrations/ defines it (never synchronized). */
@Entity('sync_runs')
export class SyncRunOrmEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  provider!: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column('text')
  outcome!: SyncOutcome;


  @Column('integer')
  read!: number;

  @Column('integer')
  inserted!: number;

  @Column('integer')
  changed!: number;

  @Column('integer')
  unchanged!: number;

  @Column('integer')
  rejected!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;
}
