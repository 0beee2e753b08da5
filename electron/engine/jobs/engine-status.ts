// The engine's status for the window and ifc ("Paused", "Waiting: server busy (12 s)", "needs
// a key", how many jobs are moving), sent only when it changes, and once more when a rate
// limit wait ends.
import type { EngineStatus } from '../engine-types.ts';
import type { EngineEmitter } from '../events.ts';
import type { RateGate } from '../api/rate-gate.ts';
import { MAX_TIMER_MS } from '../api/rate-gate.ts';

export class StatusReporter {
  private last = '';
  private gateTimer: NodeJS.Timeout | undefined;
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
    if (this.gateTimer) clearTimeout(this.gateTimer);
  }

  private onGateChange(): void {
    this.emit();
    if (this.gateTimer) clearTimeout(this.gateTimer);
    const until = this.gate.notBefore;
    if (until === undefined) return;
    this.gateTimer = setTimeout(() => this.onGateChange(), Math.min(MAX_TIMER_MS, until - Date.now() + 1));
    this.gateTimer.unref();
  }
}
