import { InvalidEventField } from './errors/invalid-event-field.error';
import { requireIdentifier } from './value-objects/identifier.value-object';
import { Price } from './value-objects/price.value-object';

export interface ZonePrimitives {
  zoneId: string;
  name: string;
  capacity: number;
  /** Exact decimal text, e.g. "20.00". */
  price: string;
  numbered: boolean;
}

/** A priced area of an event. The same zone id may appear twice in one event, so zones are kept as a list. */
export class Zone {
  private constructor(
    readonly zoneId: string,
    readonly name: string,
    readonly capacity: number,
    readonly price: Price,
    readonly numbered: boolean,
  ) {}

  static create(props: ZonePrimitives): Zone {
    if (!Number.isSafeInteger(props.capacity) || props.capacity < 0) {
      throw new InvalidEventField('zone capacity', `must be a whole number ≥ 0, got ${props.capacity}`);
    }
    return new Zone(
      requireIdentifier('zone id', props.zoneId),
      props.name ?? '',
      props.capacity,
      Price.parse(props.price),
      props.numbered,
    );
  }

  toPrimitives(): ZonePrimitives {
    return {
      zoneId: this.zoneId,
      name: this.name,
      capacity: this.capacity,
      price: this.price.toDecimalString(),
      numbered: this.numbered,
    };
  }
}
