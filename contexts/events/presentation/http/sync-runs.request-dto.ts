import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { expected, wholeNumber } from './events-page.request-dto';

const MAX_SYNC_RUNS = 500;
const LIMIT_RULE = expected(`a whole number from 1 to ${MAX_SYNC_RUNS}`);

/** GET /admin/sync-runs */
export class SyncRunsRequestDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_SYNC_RUNS, default: 20, description: 'Runs to list, newest first.' })
  @IsOptional()
  @Transform(wholeNumber)
  @IsInt({ message: LIMIT_RULE })
  @Min(1, { message: LIMIT_RULE })
  @Max(MAX_SYNC_RUNS, { message: LIMIT_RULE })
  limit: number = 20;
}
