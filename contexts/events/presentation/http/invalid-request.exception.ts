import { BadRequestException } from '@nestjs/common';

/** A 400 whose code and message go to the client as they are, in the error envelope. */
export class InvalidRequestException extends BadRequestException {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
