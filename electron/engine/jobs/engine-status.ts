// The engine's status for the window and ifc ("Paused", "Waiting: server busy (12 s)", "needs
// a key", how many jobs are moving), sent only when it changes, and once more when a rate
// limit wait ends.
import type { EngineStatus } from '../engine-types.ts';
import type { EngineEmitter } from '../events.ts';
import { sleepUntil } from '../../../shared/clock.ts';
import type { RateGate } from '../api/rate-gate.ts';

export class StatusReporter {
  private last = '';
  private gateWait: AbortController | undefined;
  private readonly read: () => EngineStatus;
  private readonly emitter: EngineEmitter;
  private readonly gate: RateGate;

  constructor(read: () => EngineStatus, emitter: EngineEmitter, gate: RateGate) {
    this.read = read;
    this.emitter = emitter;
    this.gate = gate;
    gate.onChange(() => this.onGateChange());
  }

  emit(): void {
    const status = this.read();
    const text = JSON.stringify(status);
    if (text === this.last) return;
    this.last = text;
    this.emitter.emit('status', status);
  }

  stop(): void {
    this.gateWait?.abort();
  }

  private onGateChange(): void {
    this.emit();
    this.gateWait?.abort();
    const until = this.gate.notBefore;
    if (until === undefined) return;
    const wait = new AbortController();
    this.gateWait = wait;
    void sleepUntil(this.gate.clock, until + 1, wait.signal).then(() => {
      if (!wait.signal.aborted) this.onGateChange();
    });
  }
}
