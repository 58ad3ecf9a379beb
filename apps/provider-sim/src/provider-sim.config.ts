import { processEnv } from '@shared/config/env-file';
import { Env, EnvReader } from '@shared/config/env-values';
import {
  DEFAULT_SIM_OPTIONS,
  ProviderSimOptions,
  SIM_FAULTS,
  SIM_MODES,
  SIM_VOCABULARIES,
  SimFault,
  SimMode,
  SimVocabulary,
} from '@shared/provider-sim/provider-sim.options';

/** Reads the simulator's PROVIDER_SIM_* settings; bad values stop it with one message naming each. */
export function loadProviderSimConfig(env: Env = processEnv()): ProviderSimOptions {
  const defaults = DEFAULT_SIM_OPTIONS;
  const read = new EnvReader(env);
  return read.settings({
    port: read.integer('PROVIDER_SIM_PORT', defaults.port, 0, 65_535),
    host: read.optional('PROVIDER_SIM_HOST') ?? defaults.host,
    mode: read.oneOf<SimMode>('PROVIDER_SIM_MODE', SIM_MODES, defaults.mode),
    seed: read.integer('PROVIDER_SIM_SEED', defaults.seed, 0, 2 ** 32 - 1),
    baseEvents: read.integer('PROVIDER_SIM_BASE_EVENTS', defaults.baseEvents, 0, 1_000_000),
    eventsPerBase: read.integer('PROVIDER_SIM_EVENTS_PER_BASE', defaults.eventsPerBase, 0, 10_000),
    zonesPerEvent: read.integer('PROVIDER_SIM_ZONES_PER_EVENT', defaults.zonesPerEvent, 0, 10_000),
    vocabulary: read.oneOf<SimVocabulary>('PROVIDER_SIM_VOCABULARY', SIM_VOCABULARIES, defaults.vocabulary),
    fault: read.oneOf<SimFault>('PROVIDER_SIM_FAULT', SIM_FAULTS, defaults.fault),
    faultRate: read.ratio('PROVIDER_SIM_FAULT_RATE', defaults.faultRate),
    delayMs: read.integer('PROVIDER_SIM_DELAY_MS', defaults.delayMs, 0, 600_000),
    samplesDir: read.optional('PROVIDER_SIM_SAMPLES_DIR') ?? defaults.samplesDir,
    feedPath: read.path('PROVIDER_SIM_FEED_PATH', defaults.feedPath),
  });
}
