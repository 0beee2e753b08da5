// The contract's main -> window events, typed by shared/ipc/contract.ts. Main forwards them to
// webContents.send; the e2e bridge forwards them to the page.
import type { EventName, EventPayloads } from '../../shared/ipc/contract.ts';

export interface EventBus {
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void;
}

export function createEventBus(): EventBus {
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  return {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => {
        set.delete(wrapped);
      };
    },
    emit(event, payload) {
      for (const listener of listeners.get(event) ?? []) {
        try {
          listener(payload);
        } catch {
          // One listener's bug (a closed window) must not stop the others.
        }
      }
    },
  };
}
