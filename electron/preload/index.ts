// The only bridge between the page and main. Sandboxed (no Node): it exposes one function
// per contract channel and an `on` that accepts contract events only and hands listeners
// the payload alone, never the IpcRendererEvent (which would expose `sender`).
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { EVENT_NAMES, type EventName, invokeChannels, type RendererApi } from '../../shared/ipc/contract.ts';
import { buildRendererApi } from '../../shared/ipc/renderer-api.ts';

const api: RendererApi = buildRendererApi({
  invoke: (channel, input) => ipcRenderer.invoke(channel, input),
  send: (channel, input) => ipcRenderer.send(channel, input),
  pathForFile: (file) => webUtils.getPathForFile(file),
  subscribe: (event: EventName, listener: (payload: unknown) => void) => {
    const wrapped = (_event: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => ipcRenderer.removeListener(event, wrapped);
  },
  channels: Object.keys(invokeChannels),
  events: EVENT_NAMES,
});

contextBridge.exposeInMainWorld('api', api);
