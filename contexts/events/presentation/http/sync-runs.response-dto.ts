import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { SyncOutcome } from '../../domain/sync-run';

const OUTCOMES: SyncOutcome[] = ['running', 'succeeded', 'failed', 'skipped', 'abandoned'];

@ApiSchema({ name: 'SyncRun' })
export class SyncRunDto {
  @ApiProperty({ type: String, format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, example: 'default' })
  provider!: string;

  @ApiProperty({ enum: OUTCOMES, description: 'skipped: another run of the provider held its lock' })
  outcome!: SyncOutcome;

  @ApiProperty({ type: String, format: 'date-time' })
  startedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null while running' })
  finishedAt!: string | null;

  @ApiProperty({ type: 'integer', description: 'Feed items read' })
  read!: number;

  @ApiProperty({ type: 'integer' })
  inserted!: number;

  @ApiProperty({ type: 'integer' })
  changed!: number;

  @ApiProperty({ type: 'integer' })
  unchanged!: number;

  @ApiProperty({ type: 'integer', description: 'Feed items refused (each logged with its reason)' })
  rejected!: number;

  @ApiProperty({ type: String, nullable: true, description: 'Why the run failed or was skipped; null on success' })
  error!: string | null;
}

@ApiSchema({ name: 'SyncRunList' })
export class SyncRunListDto {
  @ApiProperty({ type: [SyncRunDto] })
  runs!: SyncRunDto[];
}

@ApiSchema({ name: 'SyncRunsResponse' })
export class SyncRunsResponseDto {
  @ApiProperty({ type: SyncRunListDto })
  data!: SyncRunListDto;

  @ApiProperty({ type: Object, nullable: true, example: null })
  error!: null;
}

@ApiSchema({ name: 'SyncRequested' })
export class SyncRequestedDto {
  @ApiProperty({ type: String, format: 'date-time', description: 'A worker starts a sync of every provider within seconds' })
  requestedAt!: string;
}

@ApiSchema({ name: 'SyncRequestedResponse' })
export class SyncRequestedResponseDto {
  @ApiProperty({ type: SyncRequestedDto })
  data!: SyncRequestedDto;

  @ApiProperty({ type: Object, nullable: true, example: null })
  error!: null;
}
