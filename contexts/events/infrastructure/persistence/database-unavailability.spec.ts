import { EventStoreUnavailable } from '@contexts/events/domain/errors/event-store-unavailable.error';
import { isDatabaseUnavailable, unlessDatabaseUnavailable } from './database-unavailability';

const withCode = (code: string, message = 'from the server') => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a connection failure (class 08)', withCode('08006')],
    ['a server shutting down (57P01)', withCode('57P01')],
    ['a server that cannot take connections yet (57P03)', withCode('57P03')],
    ['too many connections (53300)', withCode('53300')],
    ['a statement timeout (57014)', withCode('57014')],
    ['a database not accepting connections (55000)', withCode('55000', 'database "events" is not currently accepting connections')],
    ['a database that is gone (3D000)', withCode('3D000')],
    ['refused credentials (28P01)', withCode('28P01')],
    ['a pool losing its connection', new Error('Connection terminated unexpectedly')],
    ['a connection the server never completes', new Error('Connection terminated due to connection timeout')],
    ['a connection the server never accepts in time', new Error('timeout expired')],
    ['a server that stopped answering (the query timeout)', new Error('Query read timeout')],
  ])('says yes to %s', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a syntax error (42601)', withCode('42601')],
    ['a unique violation (23505)', withCode('23505')],
    ['an error of our own', new Error('no such sort field')],
    ['something that is not an error', 'boom'],
  ])('says no to %s, which is a bug to report as such', (_what, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('unlessDatabaseUnavailable', () => {
  it('turns an outage into the domain error and lets any other failure through', async () => {
    await expect(unlessDatabaseUnavailable(() => Promise.reject(withCode('55000')))).rejects.toThrow(EventStoreUnavailable);
    await expect(unlessDatabaseUnavailable(() => Promise.reject(withCode('42601', 'syntax')))).rejects.toThrow('syntax');
  });
});
