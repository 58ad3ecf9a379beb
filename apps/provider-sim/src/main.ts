import { loadProviderSimConfig } from './provider-sim.config';
import { explainListenFailure } from '@shared/lifecycle/listen-failure';
import { startProviderSim } from '@shared/provider-sim/provider-sim.server';

async function main(): Promise<void> {
  const options = loadProviderSimConfig();
  const sim = await startProviderSim(options, (message) => console.log(`[provider-sim] ${message}`)).catch(
    explainListenFailure('PROVIDER_SIM_PORT', options.port),
  );
  const fault = options.fault === 'none' ? 'no fault' : `fault ${options.fault} on ${options.faultRate * 100}% of calls`;
  console.log(`[provider-sim] ${options.mode} feed on ${sim.url}/api/events (${fault})`);

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log(`[provider-sim] ${signal}: stopping`);
      sim.close().catch((error: Error) => {
        console.error(`[provider-sim] ${error.message}`);
        process.exitCode = 1;
      });
    });
  }
}

main().catch((error: Error) => {
  console.error(`[provider-sim] ${error.message}`);
  process.exit(1);
});
