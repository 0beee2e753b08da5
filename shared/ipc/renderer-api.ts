// Builds `window.api` from a transport. Preload passes ipcRenderer; the e2e test bridge passes
// a transport to a Node process running the real engine. The page cannot tell them apart.
import type { EventName, EventPayloads, RendererApi } from './contract.ts';

export interface ApiTransport {
  invoke(channel: string, input: unknown): Promise<unknown>;
  send(channel: string, input: unknown): void;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
  /** Resolves a dropped File to its path on disk (webUtils.getPathForFile in Electron). */
  pathForFile(file: File): string;
  channels: readonly string[];
  events: readonly EventName[];
}

export function buildRendererApi(transport: ApiTransport): RendererApi {
  const api: Record<string, unknown> = {};
  for (const channel of transport.channels) {
    api[channel] = (input: unknown) => transport.invoke(channel, input ?? {});
  }
  api['files:stageDropped'] = (files: File[]) => {
    // Files with no path (e.g. dragged from a browser) are left out; main stages the rest.
    const paths = Array.from(files, (file) => transport.pathForFile(file)).filter((path) => path.length > 0);
    return transport.invoke('files:stageDropped', { paths });
  };
  api['result:startDrag'] = (input: { jobId: string }) => transport.send('result:startDrag', input);
  api.on = <E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void) => {
    if (!transport.events.includes(event)) throw new Error(`Unknown event: ${String(event)}`);
    return transport.subscribe(event, (payload) => listener(payload as EventPayloads[E]));
  };
  return Object.freeze(api) as unknown as RendererApi;
}
