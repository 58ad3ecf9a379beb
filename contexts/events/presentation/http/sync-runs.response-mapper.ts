import { redactCredentials } from '@shared/logging/redact-credentials';
import { SyncRun } from '../../domain/sync-run';
import { SyncRequestedResponseDto, SyncRunDto, SyncRunsResponseDto } from './sync-runs.response-dto';

/** Copies the allowed fields only, times as ISO 8601; an error recorded before redaction existed still shows no password. */
function syncRunDto(run: SyncRun): SyncRunDto {
  return {
    id: run.id,
    provider: run.provider,
    outcome: run.outcome,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    read: run.read,
    inserted: run.inserted,
    changed: run.changed,
    unchanged: run.unchanged,
    rejected: run.rejected,
    error: run.error === null ? null : redactCredentials(run.error),
  };
}

export function syncRunsResponse(runs: SyncRun[]): SyncRunsResponseDto {
  return { data: { runs: runs.map(syncRunDto) }, error: null };
}

export function syncRequestedResponse(requestedAt: Date): SyncRequestedResponseDto {
  return { data: { requestedAt: requestedAt.toISOString() }, error: null };
}
