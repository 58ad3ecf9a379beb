import { FeedFormat } from './feed-format';
import { translateXmlFeed } from './xml-feed.translator';

/** The reference provider's format (both its vocabularies). */
export const XML_FEED_FORMAT: FeedFormat = {
  name: 'xml',
  media: {
    description: 'XML',
    accept: 'application/xml, text/xml',
    contentType: /^(application|text)\/([\w.+-]+\+)?xml\b/i,
  },
  translate: translateXmlFeed,
};
