import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FeedVocabulary, generateFeed } from './generated-feed';
import { ProviderSimOptions } from './provider-sim.options';

const SAMPLE_FILES = ['response_1.xml', 'response_2.xml', 'response_3.xml'];

// Next to the sources when run from TypeScript (tests), back in the sources from dist/shared/provider-sim when built.
const SAMPLE_DIRS = [join(__dirname, 'samples'), join(__dirname, '..', '..', '..', 'shared', 'provider-sim', 'samples')];

/**
 * The feed the next call gets. Only calls that receive a feed body count, so a 503 or an HTML page
 * does not skip a sample and a retried call gets the feed the failed one would have had.
 *
 * Samples mode serves response_1, 2 and 3 in turn, then keeps serving response_3: the live feed's
 * last state stays the current one, which is what a consumer sees after the recording ended.
 */
export class FeedSource {
  private served = 0;
  private readonly samples: Buffer[];

  constructor(private readonly options: ProviderSimOptions) {
    this.samples = options.mode === 'samples' ? loadSamples(options.samplesDir) : [];
  }

  get feedsServed(): number {
    return this.served;
  }

  next(): Iterable<string | Buffer> {
    const call = this.served++;
    if (this.options.mode === 'samples') return [this.samples[Math.min(call, this.samples.length - 1)]];
    return generateFeed({ ...this.options, call, vocabulary: this.vocabularyFor(call) });
  }

  reset(): void {
    this.served = 0;
  }

  private vocabularyFor(call: number): FeedVocabulary {
    if (this.options.vocabulary !== 'alternate') return this.options.vocabulary;
    return call % 2 === 0 ? 'eventList' : 'planList';
  }
}

function loadSamples(configured: string | null): Buffer[] {
  const dir = configured ?? SAMPLE_DIRS.find((candidate) => existsSync(join(candidate, SAMPLE_FILES[0])));
  if (!dir) throw new Error(`Provider samples not found in ${SAMPLE_DIRS.join(' or ')}; set PROVIDER_SIM_SAMPLES_DIR`);
  return SAMPLE_FILES.map((file) => readFileSync(join(dir, file)));
}
