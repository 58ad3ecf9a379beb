import { Env, integer, oneOf, optional, ratio } from '@shared/config/env-values';
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

/** Reads the simulator's PROVIDER_SIM_* settings; a bad value stops it with a message naming the variable. */
export function loadProviderSimConfig(env: Env = process.env): ProviderSimOptions {
  const defaults = DEFAULT_SIM_OPTIONS;
  return {
    port: integer(env, 'PROVIDER_SIM_PORT', defaults.port, 0, 65_535),
    host: optional(env, 'PROVIDER_SIM_HOST') ?? defaults.host,
    mode: oneOf<SimMode>(env, 'PROVIDER_SIM_MODE', SIM_MODES, defaults.mode),
    seed: integer(env, 'PROVIDER_SIM_SEED', defaults.seed, 0, 2 ** 32 - 1),
    baseEvents: integer(env, 'PROVIDER_SIM_BASE_EVENTS', defaults.baseEvents, 0, 1_000_000),
    eventsPerBase: integer(env, 'PROVIDER_SIM_EVENTS_PER_BASE', defaults.eventsPerBase, 0, 10_000),
    zonesPerEvent: integer(env, 'PROVIDER_SIM_ZONES_PER_EVENT', defaults.zonesPerEvent, 0, 10_000),
    vocabulary: oneOf<SimVocabulary>(env, 'PROVIDER_SIM_VOCABULARY', SIM_VOCABULARIES, defaults.vocabulary),
    fault: oneOf<SimFault>(env, 'PROVIDER_SIM_FAULT', SIM_FAULTS, defaults.fault),
    faultRate: ratio(env, 'PROVIDER_SIM_FAULT_RATE', defaults.faultRate),
    delayMs: integer(env, 'PROVIDER_SIM_DELAY_MS', defaults.delayMs, 0, 600_000),
    samplesDir: optional(env, 'PROVIDER_SIM_SAMPLES_DIR') ?? defaults.samplesDir,
  };
}
