import { ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { loadConfig } from '../config/app-config';
import { AdminApiKeyGuard } from './admin-api-key.guard';

const KEY = 'k3y-with.symbols_~+/=';

/** What the guard reads of a request, and what it writes on the reply. */
function contextWith(authorization: string | undefined) {
  const headers: Record<string, string> = {};
  const reply = { header: (name: string, value: string) => (headers[name] = value) };
  const request = { headers: authorization === undefined ? {} : { authorization } };
  const context = { switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }) } as unknown as ExecutionContext;
  return { context, headers };
}

describe('AdminApiKeyGuard', () => {
  const guard = new AdminApiKeyGuard(loadConfig({ ADMIN_API_KEY: KEY }));

  it.each([`Bearer ${KEY}`, `bearer ${KEY}`, `Bearer  ${KEY} `])('lets %p through', (authorization) => {
    expect(guard.canActivate(contextWith(authorization).context)).toBe(true);
  });

  it.each([
    ['no header', undefined, /send the admin key as Authorization: Bearer/],
    ['another scheme', `Basic ${KEY}`, /send the admin key/],
    ['an empty key', 'Bearer ', /send the admin key/],
    ['the key without a scheme', KEY, /send the admin key/],
    ['a wrong key', 'Bearer nope', /the admin key is not valid/],
    ['a prefix of the key', `Bearer ${KEY.slice(0, -1)}`, /the admin key is not valid/],
    ['the key and more', `Bearer ${KEY}x`, /the admin key is not valid/],
    ['two keys', `Bearer ${KEY} ${KEY}`, /send the admin key/],
  ])('refuses %s with a 401 that names the Bearer scheme', (_label, authorization, message) => {
    const { context, headers } = contextWith(authorization);

    expect(() => guard.canActivate(context)).toThrow(UnauthorizedException);
    expect(() => guard.canActivate(context)).toThrow(message);
    expect(headers['www-authenticate']).toBe('Bearer realm="admin"');
  });

  it('cannot be built without a key', () => {
    expect(() => new AdminApiKeyGuard(loadConfig({}))).toThrow(/needs ADMIN_API_KEY/);
  });
});
