import { ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
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

/** The parameters a request DTO declares, in declaration order, for telling a client what it may send. */
function acceptedParameters(dto: object | undefined): string[] {
  if (!dto) return [];
  const metadata = getMetadataStorage().getTargetValidationMetadatas(dto.constructor, '', true, false);
  const byDeclaration = [...metadata].sort((a, b) => depth(a.target) - depth(b.target));
  return [...new Set(byDeclaration.map((entry) => entry.propertyName))];
}

function describe(error: ValidationError): { code: string; message: string } {
  const { property, value, constraints = {} } = error;
  // Fastify turns a repeated query parameter into an array; say so instead of "must be a string".
  if (Array.isArray(value)) return { code: 'REPEATED_PARAMETER', message: `${property} must be given at most once` };
  if (constraints[UNKNOWN_PROPERTY_CONSTRAINT]) {
    const accepted = acceptedParameters(error.target);
    return { code: 'UNKNOWN_PARAMETER', message: `unknown parameter ${property} (accepted: ${accepted.join(', ') || 'none'})` };
  }
  if (constraints[ENDS_NOT_BEFORE_STARTS_CONSTRAINT]) {
    return { code: 'INVALID_DATE_RANGE', message: constraints[ENDS_NOT_BEFORE_STARTS_CONSTRAINT] };
  }
  return { code: 'INVALID_PARAMETER', message: Object.values(constraints)[0] ?? `${property} is invalid` };
}

/** Every problem goes in one message; the code is the first problem's. */
export function requestValidationError(errors: ValidationError[]): InvalidRequestException {
  const problems = errors.map(describe);
  return new InvalidRequestException(problems[0]?.code ?? 'INVALID_PARAMETER', problems.map((p) => p.message).join('; '));
}

/** Validation at the edge: unknown parameters are refused, not dropped, and strings become typed values. */
export function createRequestValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // The DTO the error came from, so an unknown parameter's message can list the accepted ones.
    validationError: { target: true },
    exceptionFactory: requestValidationError,
  });
}
