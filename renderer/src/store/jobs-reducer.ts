// Folds `jobs:changed` events into the queue the window shows. Pure (no DOM, no React) so it
// can be tested in plain Node. Events may arrive batched (several per frame) and out of order
// (a late snapshot, a delayed event): a job's `updatedAt` decides which version is newer, and
// a removed job never comes back from a stale upsert.
import type { EventPayloads } from '../../../shared/ipc/contract.ts';
import { FINAL_STATES, type JobState, type JobView } from '../../../shared/jobs.ts';

export type JobsChanged = EventPayloads['jobs:changed'];

export interface JobsState {
  readonly byId: ReadonlyMap<string, JobView>;
  /** Display order: oldest first, then as main listed them, so rows do not jump around. */
  readonly order: readonly string[];
  /** Ids removed from the queue; an upsert that arrives after the removal is stale. */
  readonly removed: ReadonlySet<string>;
}

/** A job that reached a final state during this reduction (for announcements and refreshes). */
export interface Transition {
  job: JobView;
  from?: JobState;
}

export interface Reduction {
  state: JobsState;
  transitions: Transition[];
  /** Jobs seen for the first time in this reduction (rows first: starting-rows.ts). */
  added: JobView[];
}

export function emptyJobs(): JobsState {
  return { byId: new Map(), order: [], removed: new Set() };
}

/** True when `incoming` should replace `current` (same job id). */
export function isNewer(current: JobView, incoming: JobView): boolean {
  if (incoming.updatedAt !== current.updatedAt) return incoming.updatedAt > current.updatedAt;
  // Same millisecond: a final state is never undone within it (a retry gets a later time),
  // otherwise the later-arriving version wins.
  return !(FINAL_STATES.has(current.state) && !FINAL_STATES.has(incoming.state));
}

/** Jobs of one batch share a creation time; the (stable) sort then keeps main's order. */
function compareJobs(a: JobView, b: JobView): number {
  return a.createdAt - b.createdAt;
}

/** Applies any number of events in arrival order, producing ONE new state (one render). */
export function applyJobEvents(state: JobsState, events: readonly JobsChanged[]): Reduction {
  if (events.length === 0) return { state, transitions: [], added: [] };
  const byId = new Map(state.byId);
  let removed: Set<string> | undefined;
  const added: string[] = [];
  const finals = new Map<string, Transition>();
  let droppedAny = false;

  for (const event of events) {
    for (const incoming of event.jobs) {
      if (state.removed.has(incoming.id) || removed?.has(incoming.id)) continue;
      const current = byId.get(incoming.id);
      if (current && !isNewer(current, incoming)) continue;
      if (!current) added.push(incoming.id);
      byId.set(incoming.id, incoming);
      const previous = finals.get(incoming.id)?.from ?? current?.state;
      if (FINAL_STATES.has(incoming.state) && previous !== incoming.state) {
        finals.set(incoming.id, { job: incoming, from: previous });
      } else {
        finals.delete(incoming.id);
      }
    }
    for (const id of event.removed) {
      removed ??= new Set(state.removed);
      removed.add(id);
      if (byId.delete(id)) droppedAny = true;
      finals.delete(id);
    }
  }

  const order = nextOrder(state.order, byId, added, droppedAny);
  return {
    state: { byId, order, removed: removed ?? state.removed },
    transitions: [...finals.values()],
    added: added.flatMap((id) => byId.get(id) ?? []),
  };
}

/** Merges a full snapshot: the union of what we know, the newer version of each job. */
export function mergeSnapshot(state: JobsState, jobs: readonly JobView[]): JobsState {
  return applyJobEvents(state, [{ jobs: [...jobs], removed: [] }]).state;
}

function nextOrder(
  previous: readonly string[],
  byId: ReadonlyMap<string, JobView>,
  added: readonly string[],
  droppedAny: boolean,
): readonly string[] {
  if (added.length === 0 && !droppedAny) return previous;
  const kept = droppedAny ? previous.filter((id) => byId.has(id)) : [...previous];
  // A job added and removed within the same batch is in `added` but no longer in byId.
  const fresh = added.filter((id) => byId.has(id)).sort((a, b) => compareJobs(byId.get(a)!, byId.get(b)!));
  if (fresh.length === 0) return kept;
  const lastKept = kept.length > 0 ? byId.get(kept[kept.length - 1]!) : undefined;
  const appendable = !lastKept || compareJobs(lastKept, byId.get(fresh[0]!)!) <= 0;
  const order = kept.concat(fresh);
  // New jobs usually come last; sort the whole list only when one arrived out of order.
  return appendable ? order : order.sort((a, b) => compareJobs(byId.get(a)!, byId.get(b)!));
}
