import { redactCredentials, redactCredentialsOfUrl, rememberSecretsOf } from './redact-credentials';

describe('redactCredentials', () => {
  it.each([
    ['postgres://app:s3cret@db:5432/events', 'postgres://app:***@db:5432/events'],
    ['redis://:s3cret@cache:6379', 'redis://:***@cache:6379'],
    ['https://feed:p%40ss@provider.example/api/events?x=1', 'https://feed:***@provider.example/api/events?x=1'],
    ['redis://:pa:ss@cache:6379', 'redis://:***@cache:6379'],
    ['postgres://events:s3cr3t@db:5432/events', 'postgres://events:***@db:5432/events'],
    ['GET https://a:b@one.example failed, then rediss://u:v@two.example', 'GET https://a:***@one.example failed, then rediss://u:***@two.example'],
    ['postgres://u:top@secret@127.0.0.1:5432/db', 'postgres://u:***@127.0.0.1:5432/db'],
    ['http://alice:Secr3tA#x@host/feed failed', 'http://alice:***@host/feed failed'],
    ['http://Secr3tTOKEN7@provider.example/feed', 'http://***@provider.example/feed'],
    ['postgres://u@127.0.0.1:4198/db?sslmode=disable&password=qsecret', 'postgres://u@127.0.0.1:4198/db?sslmode=disable&password=***'],
  ])('hides the password in %p', (text, expected) => {
    expect(redactCredentials(text)).toBe(expected);
  });

  it.each(['postgres://app@db:5432/events', 'postgres://postgres@127.0.0.1:5432/events', 'not a url', 'http://127.0.0.1:3001/api/events', 'no url at all', 'user:pass@host without a scheme'])(
    'leaves %p alone',
    (text) => {
      expect(redactCredentials(text)).toBe(text);
    },
  );

  it('hides the secrets of a configured URL that no pattern finds, wherever they turn up', () => {
    rememberSecretsOf(new URL('postgres://u:top%20s3cret@db/events'));

    expect(redactCredentials('cannot connect to postgres://u:top s3cret@db/events')).toBe('cannot connect to postgres://u:***@db/events');
    expect(redactCredentials('password "top s3cret" refused')).toBe('password "***" refused');
  });

  it('remembers no short word as a secret, so log lines that use it stay readable', () => {
    rememberSecretsOf(new URL('http://feed@provider.example/events'));

    expect(redactCredentials('the feed is truncated')).toBe('the feed is truncated');
  });

  describe('of a value meant as one URL', () => {
    it.each([
      ['u:S3CRETPW@127.0.0.1:4210/ok', 'u:***@127.0.0.1:4210/ok'],
      ['a=u:S3CRETPW@127.0.0.1:4210/ok', 'a=u:***@127.0.0.1:4210/ok'],
      ['app:p@ss@db:5432', 'app:***@db:5432'],
      ['a = u:S3CRETPW@127.0.0.1/ok', 'a = u:***@127.0.0.1/ok'],
      ['u:pa/ss3cret@127.0.0.1/ok', 'u:***@127.0.0.1/ok'],
      ['postgres://app:s3cret@db:5432/events', 'postgres://app:***@db:5432/events'],
    ])('hides the password of %p, scheme or not', (value, expected) => {
      expect(redactCredentialsOfUrl(value)).toBe(expected);
    });

    it.each(['db:5432', 'a=http://127.0.0.1:3001/feed', 'not a url'])('leaves %p alone', (value) => {
      expect(redactCredentialsOfUrl(value)).toBe(value);
    });
  });
});
