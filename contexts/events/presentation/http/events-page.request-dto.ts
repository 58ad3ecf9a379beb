import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min, ValidationArguments } from 'class-validator';
import { SearchEventsQuery } from '../../application/search-events/search-events.query';
import { SORT_FIELDS, SortDirection, SortField } from '../../domain/criteria/criteria';
import { DecodedCursor, decodeCursor } from './events-cursor';
import { IsEventsCursor, MAX_PAGE_WINDOW, WithinPageWindow } from './events-page.validators';
import { SearchEventsRequestDto } from './search-events.request-dto';

const SORT_DIRECTIONS: readonly SortDirection[] = ['asc', 'desc'];
export const MAX_PAGE_SIZE = 100;

/** Digits only become a number: Number() alone would also take "1e1", "0x10" and " 2 ". */
export const wholeNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value);

export const expected = (what: string) => ({ property, value }: ValidationArguments) => `${property} must be ${what}, got ${JSON.stringify(value)}`;

/** GET /events: the same window as /search, one page at a time, in a chosen order. */
export class EventsPageRequestDto extends SearchEventsRequestDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    default: 1,
    description: `Page number, from 1. A page past the last one is empty. page × pageSize may be at most ${MAX_PAGE_WINDOW}: deeper, use cursor.`,
  })
  @IsOptional()
  @Transform(wholeNumber)
  @IsInt({ message: expected('a whole number of at least 1') })
  @Min(1, { message: expected('a whole number of at least 1') })
  @WithinPageWindow('pageSize')
  page: number = 1;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 20, description: 'Events per page.' })
  @IsOptional()
  @Transform(wholeNumber)
  @IsInt({ message: expected(`a whole number from 1 to ${MAX_PAGE_SIZE}`) })
  @Min(1, { message: expected(`a whole number from 1 to ${MAX_PAGE_SIZE}`) })
  @Max(MAX_PAGE_SIZE, { message: expected(`a whole number from 1 to ${MAX_PAGE_SIZE}`) })
  pageSize: number = 20;

  @ApiPropertyOptional({ enum: SORT_FIELDS, default: 'starts_at', description: 'Ties are broken by id, so pages never overlap.' })
  @IsOptional()
  @IsIn(SORT_FIELDS, { message: expected(`one of ${SORT_FIELDS.join(', ')}`) })
  sortBy: SortField = 'starts_at';

  @ApiPropertyOptional({ enum: SORT_DIRECTIONS, default: 'asc' })
  @IsOptional()
  @IsIn(SORT_DIRECTIONS, { message: expected(`one of ${SORT_DIRECTIONS.join(', ')}`) })
  sortDir: SortDirection = 'asc';

  @ApiPropertyOptional({
    type: String,
    description: 'The nextCursor of the previous page: the next page starts right after it, at any depth (keyset). Keep the same filters and order; do not give page.',
  })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? decodeCursor(value) : value))
  @IsEventsCursor()
  cursor?: DecodedCursor;

  override toQuery(): SearchEventsQuery {
    const { startsAt, endsAt } = this.window();
    return {
      startsAt,
      endsAt,
      sortBy: this.sortBy,
      sortDir: this.sortDir,
      page: { number: this.page, size: this.pageSize },
      after: this.cursor?.ok ? this.cursor.content.position : null,
    };
  }
}
