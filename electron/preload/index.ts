/**
 * Preload (sandboxed, context-isolated): exposes the intent-level API as `window.api` and nothing
 * else. It must stay self-contained: a sandboxed preload can require only `electron`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createApi } from './api';

contextBridge.exposeInMainWorld('api', createApi(ipcRenderer));
