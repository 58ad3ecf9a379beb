import { ConfigError } from './config-error';
import { Env, EnvReader } from './env-values';
import { providerSettings } from './provider-settings';

function settingsOf(env: Env) {
  const read = new EnvReader(env);
  return read.settings(providerSettings(read));
}

describe('providerSettings', () => {
  describe('one provider from PROVIDER_NAME and PROVIDER_URL', () => {
    it('defaults to the local simulator under the name "default"', () => {
      expect(settingsOf({})).toEqual([{ name: 'default', feedUrl: 'http://127.0.0.1:3001/api/events', format: 'xml' }]);
    });

    it.each([
      ['http://feeds.example:8080', 'http://feeds.example:8080/api/events'],
      ['http://feeds.example/', 'http://feeds.example/api/events'],
      ['https://feeds.example/?key=1', 'https://feeds.example/api/events?key=1'],
      ['https://feeds.example/v2/events.xml', 'https://feeds.example/v2/events.xml'],
      ['https://feeds.example/feed/?key=1', 'https://feeds.example/feed/?key=1'],
    ])('reads %s as the feed %s (only a bare host gets the reference path)', (url, feedUrl) => {
      expect(settingsOf({ PROVIDER_NAME: 'acme', PROVIDER_URL: url })).toEqual([{ name: 'acme', feedUrl, format: 'xml' }]);
    });

    it.each([
      ['PROVIDER_NAME', 'Acme', /PROVIDER_NAME must be 1 to 32 of a-z, 0-9 and -, got "Acme"/],
      ['PROVIDER_NAME', 'a'.repeat(33), /PROVIDER_NAME must be 1 to 32/],
      ['PROVIDER_URL', 'ftp://x', /PROVIDER_URL must use http: or https:, got "ftp:"/],
      ['PROVIDER_URL', 'feeds.example', /PROVIDER_URL must hold an http\(s\) URL, got "feeds.example"/],
    ])('rejects %s=%p', (name, value, message) => {
      expect(() => settingsOf({ [name]: value })).toThrow(ConfigError);
      expect(() => settingsOf({ [name]: value })).toThrow(message);
    });
  });

  describe('many providers from PROVIDERS', () => {
    it('reads each name=url pair with its feed URL exactly as given, xml by default', () => {
      const settings = settingsOf({
        PROVIDERS: 'acme=http://a.example:3001/api/events, tix-2=https://b.example/feeds/all?since=0;format=xml ,bare=http://c.example',
      });

      expect(settings).toEqual([
        { name: 'acme', feedUrl: 'http://a.example:3001/api/events', format: 'xml' },
        { name: 'tix-2', feedUrl: 'https://b.example/feeds/all?since=0', format: 'xml' },
        { name: 'bare', feedUrl: 'http://c.example', format: 'xml' },
      ]);
    });

    it('takes the format named by the entry', () => {
      expect(settingsOf({ PROVIDERS: 'a=http://a.example/feed;format=json' })).toEqual([
        { name: 'a', feedUrl: 'http://a.example/feed', format: 'json' },
      ]);
    });

    it('wins over PROVIDER_NAME and PROVIDER_URL', () => {
      const settings = settingsOf({ PROVIDERS: 'a=http://a.example/feed', PROVIDER_NAME: 'b', PROVIDER_URL: 'http://b.example' });
      expect(settings.map((setting) => setting.name)).toEqual(['a']);
    });

    it('reports every bad entry at once', () => {
      const load = () => settingsOf({ PROVIDERS: 'A=http://a.example/x,b=http://b.example/y,c=ftp://c.example' });

      expect(load).toThrow(/2 problems/);
      expect(load).toThrow(/entry 1 \("A=http:\/\/a.example\/x"\)/);
      expect(load).toThrow(/entry 3 \("c=ftp:\/\/c.example"\)/);
    });

    it('never shows the password of an entry whose URL has no scheme', () => {
      const load = () => settingsOf({ PROVIDERS: 'a=u:S3CRETPW@127.0.0.1:4210/ok' });

      expect(load).toThrow(/entry 1 \("a=u:\*\*\*@127.0.0.1:4210\/ok"\)/);
      expect(load).not.toThrow(/S3CRETPW/);
    });

    it.each([
      ['a=http://a.example/x,http://b.example/y', /PROVIDERS entry 2 \("http:\/\/b.example\/y"\) has no "="/],
      ['a=http://a.example/x,,b=http://b.example/y', /PROVIDERS entry 2 \(""\) has no "="/],
      ['Big=http://a.example/x', /entry 1 \("Big=http:\/\/a.example\/x"\) has the name "Big", which must be 1 to 32 of a-z, 0-9 and -/],
      ['=http://a.example/x', /entry 1 .* has the name ""/],
      ['a=ftp://a.example/x', /entry 1 .* must use http: or https:, got "ftp:"/],
      ['a=', /entry 1 \("a="\) must hold an http\(s\) URL, got ""/],
      ['a=http://a.example/x;format=', /entry 1 .* has the option "format="; the only option is format=<name>/],
      ['a=http://a.example/x;gzip=yes', /has the option "gzip=yes"/],
      ['a=http://a.example/x,a=http://b.example/y', /PROVIDERS names provider "a" twice; names must be unique/],
    ])('rejects PROVIDERS=%p naming the bad entry', (value, message) => {
      expect(() => settingsOf({ PROVIDERS: value })).toThrow(ConfigError);
      expect(() => settingsOf({ PROVIDERS: value })).toThrow(message);
    });
  });
});
