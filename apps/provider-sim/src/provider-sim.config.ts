import { ConfigError } from '@shared/config/config-error';
import {
  DEFAULT_SIM_OPTIONS,
  ProviderSimOptions,
  SIM_FAULTS,
  SIM_MODES,
  SIM_VOCABULARIES,
  SimFault,
  SimMode,
  SimVocabulary,
} from './provider-sim.options';

type Env = Record<string, string | undefined>;

function optional(env: Env, name: string): string | null {
  const value = env[name]?.trim();
  return value ? value : null;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function ratio(env: Env, name: string, fallback: number): number {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (!/^\d*\.?\d+$/.test(raw) || value > 1) throw new ConfigError(name, `must be a number from 0 to 1, got "${raw}"`);
  return value;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = optional(env, name);
  if (raw === null) return fallback;
  if (!allowed.includes(raw as T)) throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

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
