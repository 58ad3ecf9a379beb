import { ProviderCallObserver, ProviderFailureReason } from '../domain/provider-call.observer';

export class RecordingProviderCallObserver extends ProviderCallObserver {
  readonly calls: { provider: string; seconds: number }[] = [];
  readonly failures: { provider: string; reason: ProviderFailureReason }[] = [];
  readonly circuit: { provider: string; open: boolean }[] = [];

  callFinished(provider: string, seconds: number): void {
    this.calls.push({ provider, seconds });
  }

  callFailed(provider: string, reason: ProviderFailureReason): void {
    this.failures.push({ provider, reason });
  }

  circuitChanged(provider: string, open: boolean): void {
    this.circuit.push({ provider, open });
  }

  reasons(): ProviderFailureReason[] {
    return this.failures.map((failure) => failure.reason);
  }
}
