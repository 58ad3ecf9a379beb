import { ConfigError } from '@shared/config/config-error';
import { feedFormatOf } from './feed-formats';
import { XML_FEED_FORMAT } from './xml.feed-format';

describe('feedFormatOf', () => {
  it('finds a registered format by the name PROVIDERS gives it', () => {
    expect(feedFormatOf('acme', 'xml')).toBe(XML_FEED_FORMAT);
  });

  it('stops the boot on a format nobody reads, naming the provider and the known formats', () => {
    const unknown = () => feedFormatOf('acme', 'json');

    expect(unknown).toThrow(ConfigError);
    expect(unknown).toThrow('Invalid configuration: PROVIDERS gives provider "acme" the format "json"; the known formats are: xml');
  });
});
