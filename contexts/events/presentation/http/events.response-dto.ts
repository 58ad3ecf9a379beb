import { ApiProperty, ApiSchema } from '@nestjs/swagger';

/*
 * The shapes the endpoints send, for the OpenAPI document and as the mappers' return types, so
 * the document cannot drift from the bytes. Names, formats and nullability follow the public
 * contract (search-openapi.yaml), including fields it marks nullable that are never null here.
 */

@ApiSchema({ name: 'EventSummary' })
export class EventSummaryDto {
  @ApiProperty({ type: String, format: 'uuid', description: 'Identifier for the plan (UUID)' })
  id!: string;

  @ApiProperty({ type: String, description: 'Title of the plan' })
  title!: string;

  @ApiProperty({ type: String, format: 'date', example: '2021-06-30', description: 'Date when the event starts in local time' })
  start_date!: string;

  @ApiProperty({ type: String, format: 'time', nullable: true, example: '22:38:19', description: 'Time when the event starts in local time' })
  start_time!: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2021-06-30', description: 'Date when the event ends in local time' })
  end_date!: string | null;

  @ApiProperty({ type: String, format: 'time', nullable: true, example: '14:45:15', description: 'Time when the event ends in local time' })
  end_time!: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 15, description: 'Min price from all the available tickets; null without zones' })
  min_price!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 30, description: 'Max price from all the available tickets; null without zones' })
  max_price!: number | null;
}

@ApiSchema({ name: 'EventList' })
export class EventListDto {
  @ApiProperty({ type: [EventSummaryDto] })
  events!: EventSummaryDto[];
}

@ApiSchema({ name: 'SearchEventsResponse' })
export class SearchEventsResponseDto {
  @ApiProperty({ type: EventListDto })
  data!: EventListDto;

  @ApiProperty({ type: Object, nullable: true, example: null })
  error!: null;
}

@ApiSchema({ name: 'EventPage' })
export class EventPageDto extends EventListDto {
  @ApiProperty({ type: 'integer', example: 1 })
  page!: number;

  @ApiProperty({ type: 'integer', example: 20 })
  pageSize!: number;

  @ApiProperty({ type: 'integer', example: 3, description: 'Events matching the filters, across all pages' })
  totalRows!: number;

  @ApiProperty({ type: 'integer', example: 1 })
  totalPages!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as cursor to get the page after this one, at any depth; null on the last page',
  })
  nextCursor!: string | null;
}

@ApiSchema({ name: 'EventsPageResponse' })
export class EventsPageResponseDto {
  @ApiProperty({ type: EventPageDto })
  data!: EventPageDto;

  @ApiProperty({ type: Object, nullable: true, example: null })
  error!: null;
}

@ApiSchema({ name: 'ErrorDetail' })
export class ErrorDetailDto {
  @ApiProperty({ type: String, description: 'Error code', example: 'INVALID_PARAMETER' })
  code!: string;

  @ApiProperty({ type: String, description: 'Detail of the error' })
  message!: string;
}

@ApiSchema({ name: 'ErrorResponse' })
export class ErrorResponseDto {
  @ApiProperty({ type: ErrorDetailDto })
  error!: ErrorDetailDto;

  @ApiProperty({ type: Object, nullable: true, example: null })
  data!: null;
}
