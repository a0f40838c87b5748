// Types of scripts/builtins-on-demand.mjs, for electron.vite.config.ts.
import type { Plugin } from 'vite'
export declare function builtinsOnDemand(): Plugin
