import type { RendererApi } from '../../shared/ipc/contract.ts';

declare global {
  interface Window {
    /** Exposed by the preload (or the e2e bridge); the page's only way to reach main. */
    readonly api: RendererApi;
  }
}
