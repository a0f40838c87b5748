import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import { builtinsOnDemand } from './scripts/builtins-on-demand.mjs'
import react from '@vitejs/plugin-react'

// Four main-process entries share one bundle graph:
//   index        Electron wiring (the only file that imports 'electron')
//   bridge       the loopback HTTP face of the same handlers (npm start without Electron)
//   import-worker worker_threads entry that parses, checks and writes untrusted files off the main thread
//   verify-worker worker_threads entry that checks a verdict PDF (signatures, trust, attachments)
// The CLI (out/main/cli.js) is built on a graph of its own by scripts/build-cli.mjs, after this build.
// Built-ins come from process.getBuiltinModule in every main bundle (scripts/builtins-on-demand.mjs).
// Runtime dependencies stay external; devDependencies are bundled. zod is a devDependency for that reason:
// loaded from its package it is some hundred files, which cost the import worker about 40 ms more to resolve
// and link at each start than the same code in one chunk.
export default defineConfig({
  main: {
    plugins: [builtinsOnDemand()],
    build: {
      rolldownOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          bridge: resolve('src/main/bridge-main.ts'),
          'import-worker': resolve('src/main/import/import-worker.ts'),
          'verify-worker': resolve('src/main/pdf/verify-worker.ts')
        }
      }
    }
  },
  preload: {
    build: {
      rolldownOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve('src/renderer'),
    build: {
      minify: true,
      rolldownOptions: { input: { index: resolve('src/renderer/index.html') } }
    },
    plugins: [react()]
  }
})
