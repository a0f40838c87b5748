import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import type { Plugin } from 'vite'
import react from '@vitejs/plugin-react'

/**
 * The main bundles take Node's built-in modules from process.getBuiltinModule() instead of an ES import:
 * an ES import of a built-in makes every export of it real at link time (node:fs loads fs/promises, readline
 * and streams with it, node:util its whole surface), which cost every CLI start about 10 ms. The bindings
 * are the same functions of the same modules; only the loading of what a command never touches is saved.
 */
function builtinsOnDemand(): Plugin {
  const binding = (what: string): string | null => {
    const named = /^\{ ?(.*?) ?\}$/.exec(what)
    if (named) return `{ ${named[1]!.replace(/ as /g, ': ')} }`
    const whole = /^(?:\* as )?([\w$]+)$/.exec(what)
    return whole ? whole[1]! : null
  }
  return {
    name: 'builtins-on-demand',
    renderChunk(code) {
      const out = code
        .replace(/^import "(node:[\w/]+)";$/gm, '')
        .replace(/^import (.+?) from "(node:[\w/]+)";$/gm, (line, what: string, id: string) => {
          const lhs = binding(what)
          return lhs ? `const ${lhs} = process.getBuiltinModule("${id}");` : line
        })
      return out === code ? null : { code: out, map: null }
    }
  }
}

// Five main-process entries share one bundle graph:
//   index        Electron wiring (the only file that imports 'electron')
//   bridge       the loopback HTTP face of the same handlers (npm start without Electron)
//   cli          the headless face: a small entry that turns on V8's compile cache, then loads cli.ts
//   import-worker worker_threads entry that parses, checks and writes untrusted files off the main thread
//   verify-worker worker_threads entry that checks a verdict PDF (signatures, trust, attachments)
export default defineConfig({
  main: {
    plugins: [builtinsOnDemand()],
    build: {
      rolldownOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          bridge: resolve('src/main/bridge-main.ts'),
          cli: resolve('src/main/cli-entry.ts'),
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
