import { NotFoundException } from '@nestjs/common';

/** GET /events on a window holding no event at all (a page past the last one is an empty 200). */
export class NoEventsFoundException extends NotFoundException {
  readonly code = 'NO_EVENTS_FOUND';

  constructor() {
    super('no event lies within the requested window');
  }
}
