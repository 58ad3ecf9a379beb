import { ProviderSimOptions, SimFault } from './provider-sim.options';
import { seededRandom } from './seeded-random';

export interface FaultChoice {
  fault: SimFault;
  delayMs: number;
}

/**
 * Decides what goes wrong with each /api/events call: the fault its query string asks for, else
 * the next one scheduled through POST /faults, else the configured fault at the configured rate.
 * The rate is drawn from the seed and the request number, so a run of calls replays identically.
 */
export class FaultPlan {
  private requests = 0;
  private scheduled: FaultChoice[] = [];

  constructor(private readonly options: ProviderSimOptions) {}

  choose(asked: Partial<FaultChoice>): FaultChoice {
    const request = this.requests++;
    const delayMs = asked.delayMs ?? this.options.delayMs;
    if (asked.fault) return { fault: asked.fault, delayMs };
    const next = this.scheduled.shift();
    if (next) return next;
    const { fault, faultRate, seed } = this.options;
    const strikes = fault !== 'none' && seededRandom(seed, request)() < faultRate;
    return { fault: strikes ? fault : 'none', delayMs };
  }

  schedule(fault: SimFault, count: number, delayMs: number | undefined): void {
    for (let i = 0; i < count; i++) this.scheduled.push({ fault, delayMs: delayMs ?? this.options.delayMs });
  }

  reset(): void {
    this.requests = 0;
    this.scheduled = [];
  }
}
