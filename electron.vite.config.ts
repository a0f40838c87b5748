import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

// Four main-process entries share one bundle graph:
//   index        Electron wiring (the only file that imports 'electron')
//   bridge       the loopback HTTP face of the same handlers (npm start without Electron)
//   cli          the headless face
//   import-worker worker_threads entry that parses, checks and writes untrusted files off the main thread
//   verify-worker worker_threads entry that checks a verdict PDF (signatures, trust, attachments)
export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          bridge: resolve('src/main/bridge-main.ts'),
          cli: resolve('src/main/cli.ts'),
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
