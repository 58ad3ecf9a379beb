export const SIM_MODES = ['samples', 'generated'] as const;
export type SimMode = (typeof SIM_MODES)[number];

export const SIM_FAULTS = ['none', '503', 'delay', 'drip', 'truncate', 'malformed', 'html'] as const;
export type SimFault = (typeof SIM_FAULTS)[number];

export const SIM_VOCABULARIES = ['eventList', 'planList', 'alternate'] as const;
export type SimVocabulary = (typeof SIM_VOCABULARIES)[number];

export interface ProviderSimOptions {
  /** 0 picks a free port (tests). */
  port: number;
  host: string;
  mode: SimMode;
  seed: number;
  baseEvents: number;
  eventsPerBase: number;
  zonesPerEvent: number;
  /** Generated mode only; `alternate` switches vocabulary on every feed served. */
  vocabulary: SimVocabulary;
  fault: SimFault;
  /** Share of /api/events calls that get `fault`, from 0 to 1. */
  faultRate: number;
  /** Wait before the headers (`delay`) or between two pieces of the body (`drip`). */
  delayMs: number;
  /** Where response_1..3.xml live; found next to the app when unset. */
  samplesDir: string | null;
  /** Path of the feed; other providers publish theirs elsewhere than the reference `/api/events`. */
  feedPath: string;
}

// 2,000 × 10 × 20 makes a feed of about 40 MB and 400,000 zones: the size the live feed is expected to reach.
export const DEFAULT_SIM_OPTIONS: ProviderSimOptions = {
  port: 3001,
  host: '0.0.0.0',
  mode: 'samples',
  seed: 42,
  baseEvents: 2000,
  eventsPerBase: 10,
  zonesPerEvent: 20,
  vocabulary: 'alternate',
  fault: 'none',
  faultRate: 1,
  delayMs: 2000,
  samplesDir: null,
  feedPath: '/api/events',
};
