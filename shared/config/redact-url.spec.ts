import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it.each([
    ['postgres://events:s3cr3t@db:5432/events', 'postgres://events:***@db:5432/events'],
    ['redis://:pa:ss@cache:6379', 'redis://:***@cache:6379'],
    ['postgres://postgres@127.0.0.1:5432/events', 'postgres://postgres@127.0.0.1:5432/events'],
    ['not a url', 'not a url'],
  ])('%s reads %s', (value, redacted) => {
    expect(redactUrl(value)).toBe(redacted);
  });
});
