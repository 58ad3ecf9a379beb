import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/*
 * The public contract, copied from the reference so the repository is self-contained. Bodies are
 * checked against its own schemas. Its `time` is a local time of day ("22:38:19"), which is
 * ajv-formats' `iso-time` (its `time` insists on an offset).
 */
const CONTRACT_ID = 'search-openapi.json';
const contract = parse(readFileSync(join(__dirname, 'search-openapi.yaml'), 'utf8'));

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat('time', addFormats.get('iso-time'));
ajv.addSchema(contract, CONTRACT_ID);

const pointer = (path: string) => ({ $ref: `${CONTRACT_ID}#${path}` });

const validators = {
  search200: ajv.compile(pointer('/paths/~1search/get/responses/200/content/application~1json/schema')),
  error: ajv.compile(pointer('/components/responses/BadRequest/content/application~1json/schema')),
  // GET /events is ours, not the contract's: the same EventSummary, plus the page totals.
  events200: ajv.compile({
    type: 'object',
    required: ['data', 'error'],
    properties: {
      data: {
        type: 'object',
        required: ['events', 'page', 'pageSize', 'totalRows', 'totalPages', 'nextCursor'],
        additionalProperties: false,
        properties: {
          events: { type: 'array', items: pointer('/components/schemas/EventSummary') },
          page: { type: 'integer', minimum: 1 },
          pageSize: { type: 'integer', minimum: 1, maximum: 100 },
          totalRows: { type: 'integer', minimum: 0 },
          totalPages: { type: 'integer', minimum: 0 },
          nextCursor: { type: ['string', 'null'] },
        },
      },
      error: { type: 'null' },
    },
  }),
};

export const EVENT_SUMMARY_FIELDS: string[] = contract.components.schemas.EventSummary.required;

function check(validate: ValidateFunction, body: unknown, what: string): void {
  if (!validate(body)) throw new Error(`${what} breaks the contract: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`);
}

export const conformsToContract = {
  search: (body: unknown) => check(validators.search200, body, 'GET /search 200 body'),
  events: (body: unknown) => check(validators.events200, body, 'GET /events 200 body'),
  error: (body: unknown) => check(validators.error, body, 'error body'),
};

export { contract };
