import { ConfigError } from '@shared/config/config-error';
import { loadProviderSimConfig } from './provider-sim.config';
import { DEFAULT_SIM_OPTIONS } from '@shared/provider-sim/provider-sim.options';

describe('loadProviderSimConfig', () => {
  it('uses the defaults for an empty environment', () => {
    expect(loadProviderSimConfig({})).toEqual(DEFAULT_SIM_OPTIONS);
  });

  it('reads every variable', () => {
    expect(
      loadProviderSimConfig({
        PROVIDER_SIM_PORT: '4000',
        PROVIDER_SIM_HOST: '127.0.0.1',
        PROVIDER_SIM_MODE: 'generated',
        PROVIDER_SIM_SEED: '9',
        PROVIDER_SIM_BASE_EVENTS: '50',
        PROVIDER_SIM_EVENTS_PER_BASE: '3',
        PROVIDER_SIM_ZONES_PER_EVENT: '4',
        PROVIDER_SIM_VOCABULARY: 'planList',
        PROVIDER_SIM_FAULT: '503',
        PROVIDER_SIM_FAULT_RATE: '0.36',
        PROVIDER_SIM_DELAY_MS: '1500',
        PROVIDER_SIM_SAMPLES_DIR: '/data/samples',
        PROVIDER_SIM_FEED_PATH: '/v2/feeds/acme.xml',
      }),
    ).toEqual({
      port: 4000,
      host: '127.0.0.1',
      mode: 'generated',
      seed: 9,
      baseEvents: 50,
      eventsPerBase: 3,
      zonesPerEvent: 4,
      vocabulary: 'planList',
      fault: '503',
      faultRate: 0.36,
      delayMs: 1500,
      samplesDir: '/data/samples',
      feedPath: '/v2/feeds/acme.xml',
    });
  });

  it.each([
    ['PROVIDER_SIM_PORT', '70000', /whole number from 0 to 65535/],
    ['PROVIDER_SIM_PORT', 'http', /whole number/],
    ['PROVIDER_SIM_MODE', 'live', /one of samples, generated, got "live"/],
    ['PROVIDER_SIM_SEED', '-1', /whole number/],
    ['PROVIDER_SIM_BASE_EVENTS', '2k', /whole number/],
    ['PROVIDER_SIM_EVENTS_PER_BASE', '1.5', /whole number/],
    ['PROVIDER_SIM_ZONES_PER_EVENT', 'many', /whole number/],
    ['PROVIDER_SIM_VOCABULARY', 'xml', /one of eventList, planList, alternate/],
    ['PROVIDER_SIM_FAULT', '500', /one of none, 503, delay, drip, truncate, malformed, html/],
    ['PROVIDER_SIM_FAULT_RATE', '36%', /number from 0 to 1/],
    ['PROVIDER_SIM_FAULT_RATE', '1.5', /number from 0 to 1/],
    ['PROVIDER_SIM_DELAY_MS', '-5', /whole number/],
    ['PROVIDER_SIM_FEED_PATH', 'feed.xml', /a path starting with "\/"/],
  ])('refuses %s=%p naming the variable', (variable, value, problem) => {
    const load = () => loadProviderSimConfig({ [variable]: value });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(new RegExp(`${variable} .*`));
    expect(load).toThrow(problem);
  });
});
