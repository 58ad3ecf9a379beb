import { createAppLogger } from './app-logger';
import { PinoNestLogger } from './pino-nest-logger';

function capture() {
  const lines: string[] = [];
  return { lines, destination: { write: (line: string) => lines.push(line) }, json: () => lines.map((line) => JSON.parse(line)) };
}

describe('createAppLogger', () => {
  it('writes one JSON object per line with the level by name, the time and the app', () => {
    const output = capture();
    createAppLogger({ level: 'info', format: 'json', app: 'api', destination: output.destination }).info({ port: 3000 }, 'listening');
    expect(output.json()).toEqual([{ level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), app: 'api', port: 3000, msg: 'listening' }]);
  });

  it('drops lines below the level', () => {
    const output = capture();
    const logger = createAppLogger({ level: 'warn', format: 'json', app: 'api', destination: output.destination });
    logger.info('quiet');
    logger.warn('loud');
    expect(output.json().map((line) => line.msg)).toEqual(['loud']);
  });

  it('hides passwords of URLs wherever they appear in a line', () => {
    const output = capture();
    const logger = createAppLogger({ level: 'info', format: 'json', app: 'worker', destination: output.destination });
    logger.error({ err: new Error('connect to https://feed:s3cret@provider.example failed') }, 'sync of https://feed:s3cret@provider.example failed');
    expect(output.lines.join('')).not.toContain('s3cret');
    expect(output.json()[0].msg).toBe('sync of https://feed:***@provider.example failed');
  });

  it('writes readable lines in the pretty format', () => {
    const output = capture();
    createAppLogger({ level: 'info', format: 'pretty', app: 'api', destination: output.destination }).info('listening');
    expect(output.lines.join('')).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: listening\n$/);
  });
});

describe('PinoNestLogger', () => {
  it("carries Nest's context and an error's stack as fields", () => {
    const output = capture();
    const nest = new PinoNestLogger(createAppLogger({ level: 'info', format: 'json', app: 'api', destination: output.destination }));
    nest.log('store answering again', 'SearchCache');
    nest.error('query failed', 'Error: boom\n    at x (y.ts:1:1)', 'HTTP');
    expect(output.json()).toEqual([
      expect.objectContaining({ level: 'info', context: 'SearchCache', msg: 'store answering again' }),
      expect.objectContaining({ level: 'error', context: 'HTTP', stack: 'Error: boom\n    at x (y.ts:1:1)', msg: 'query failed' }),
    ]);
  });
});
