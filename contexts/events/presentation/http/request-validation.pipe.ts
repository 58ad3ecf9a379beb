import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { LRUCache } from 'lru-cache';
import { InvalidRequestException } from './invalid-request.exception';
import { ENDS_NOT_BEFORE_STARTS_CONSTRAINT } from './search-request.validators';

/** class-validator's name for the check that `forbidNonWhitelisted` adds. */
const UNKNOWN_PROPERTY_CONSTRAINT = 'whitelistValidation';

/** Classes between `target` and Object: a base DTO's parameters are listed before a subclass's. */
function depth(target: unknown): number {
  let levels = 0;
  for (let current = Object.getPrototypeOf(target); current && current !== Function.prototype; current = Object.getPrototypeOf(current)) levels += 1;
  return levels;
}

type DtoClass = abstract new (...args: never[]) => unknown;

/** A DTO's declarations never change once its class is loaded: read them once, not on every request. */
const acceptedByDto = new WeakMap<DtoClass, string[]>();

/** The parameters a request DTO declares, in declaration order, for telling a client what it may send. */
function acceptedParameters(dto: DtoClass | undefined): string[] {
  if (!dto) return [];
  const known = acceptedByDto.get(dto);
  if (known) return known;
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const byDeclaration = [...metadata].sort((a, b) => depth(a.target) - depth(b.target));
  const accepted = [...new Set(byDeclaration.map((entry) => entry.propertyName))];
  acceptedByDto.set(dto, accepted);
  return accepted;
}

interface Problem {
  code: string;
  message: string;
}

function unknownParameter(name: string, accepted: string[]): Problem {
  return { code: 'UNKNOWN_PARAMETER', message: `unknown parameter ${name} (accepted: ${accepted.join(', ') || 'none'})` };
}

function describe(error: ValidationError): Problem {
  const { property, value, constraints = {} } = error;
  // Fastify turns a repeated query parameter into an array; say so instead of "must be a string".
  if (Array.isArray(value)) return { code: 'REPEATED_PARAMETER', message: `${property} must be given at most once` };
  if (constraints[UNKNOWN_PROPERTY_CONSTRAINT]) return unknownParameter(property, acceptedParameters(error.target?.constructor as DtoClass | undefined));
  if (constraints[ENDS_NOT_BEFORE_STARTS_CONSTRAINT]) {
    return { code: 'INVALID_DATE_RANGE', message: constraints[ENDS_NOT_BEFORE_STARTS_CONSTRAINT] };
  }
  return { code: 'INVALID_PARAMETER', message: Object.values(constraints)[0] ?? `${property} is invalid` };
}

/** Messages quote what was sent; a 12 KB parameter is not worth sending back whole. */
const MAX_MESSAGE_LENGTH = 300;

function bounded(message: string): string {
  return message.length <= MAX_MESSAGE_LENGTH ? message : `${message.slice(0, MAX_MESSAGE_LENGTH)}… (${message.length - MAX_MESSAGE_LENGTH} more characters)`;
}

/** Every problem goes in one message; the code is the first problem's. */
function invalidRequest(problems: Problem[]): InvalidRequestException {
  return new InvalidRequestException(problems[0]?.code ?? 'INVALID_PARAMETER', problems.map((p) => bounded(p.message)).join('; '));
}

export function requestValidationError(errors: ValidationError[]): InvalidRequestException {
  return invalidRequest(errors.map(describe));
}

/** Distinct valid query strings whose DTO is kept, per DTO class; hot searches repeat a few of them. */
const VALIDATED_QUERIES_KEPT = 1_000;
/** Longer queries are validated every time: a hot query is short, and a long one must not be pinned in memory. */
const LONGEST_QUERY_KEPT = 256;

/**
 * Query parameter names are checked against the DTO's own list before anything else reads them:
 * a name such as `toString`, `constructor` or `__proto__` exists on every object, so the
 * whitelist of class-validator (which looks names up on the instance) would let it through.
 * Validating a query depends on nothing but its parameters, so a valid one's DTO is kept (frozen:
 * requests share it) and a repeated query is not transformed and validated again.
 */
class RequestValidationPipe extends ValidationPipe {
  private readonly validated = new WeakMap<object, LRUCache<string, object>>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const dto = metadata.metatype;
    const isQueryDto = metadata.type === 'query' && dto !== undefined && dto !== Object;
    if (!isQueryDto || typeof value !== 'object' || value === null) return super.transform(value, metadata);
    const accepted = acceptedParameters(dto);
    const names = Object.keys(value);
    const unknown = names.filter((name) => !accepted.includes(name)).map((name) => unknownParameter(name, accepted));
    if (unknown.length === 0) return this.validatedOnce(dto, value, metadata);
    const known = Object.fromEntries(Object.entries(value).filter(([name]) => accepted.includes(name)));
    const others = await super.transform(known, metadata).then(
      () => [],
      (error: unknown) => {
        if (!(error instanceof InvalidRequestException)) throw error;
        return [{ code: error.code, message: error.message }];
      },
    );
    throw invalidRequest([...unknown, ...others]);
  }

  private async validatedOnce(dto: object, query: object, metadata: ArgumentMetadata): Promise<unknown> {
    let known = this.validated.get(dto);
    if (known === undefined) {
      known = new LRUCache<string, object>({ max: VALIDATED_QUERIES_KEPT });
      this.validated.set(dto, known);
    }
    const key = JSON.stringify(query);
    const kept = known.get(key);
    if (kept !== undefined) return kept;
    const instance = Object.freeze((await super.transform(query, metadata)) as object);
    if (key.length <= LONGEST_QUERY_KEPT) known.set(key, instance);
    return instance;
  }
}

/** Validation at the edge: unknown parameters are refused, not dropped, and strings become typed values. */
export function createRequestValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // The DTO the error came from, so an unknown parameter's message can list the accepted ones.
    validationError: { target: true },
    exceptionFactory: requestValidationError,
  });
}
