import helmet from 'helmet';
import { securityHeadersFor } from './security-headers';

describe('securityHeadersFor', () => {
  it('gives the headers helmet itself sets for the same options', () => {
    const options = { contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } };
    const set = new Map<string, string>();
    const response = { setHeader: (name: string, value: string) => set.set(name.toLowerCase(), value), removeHeader: () => undefined };
    helmet(options)({ headers: {} } as never, response as never, () => undefined);

    expect(securityHeadersFor(options)).toEqual(Object.fromEntries(set));
    expect(securityHeadersFor(options)['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('reports options helmet refuses instead of sending no headers', () => {
    expect(() => securityHeadersFor({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'", 'bad value;'] } } })).toThrow();
  });
});
