#!/usr/bin/env node
// Builds the CLI (out/main/cli.js) on a graph of its own, after `electron-vite build` (npm run build).
//
// A command's start loads what cli.ts imports statically. Built with the app's other entries, that came in
// some twenty chunks (split by which entries share each module), each resolved and loaded on every start.
// Built alone, everything cli.ts imports statically is one chunk (cli-chunks/cli-core-*.js); what a command
// loads on use (parsers, PDF, XLSX, signing) stays in chunks of its own. out/main/cli.js is the small entry
// (src/main/cli-entry.ts) that turns on V8's compile cache before it loads out/main/cli-main.js.
import { builtinModules } from 'node:module'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'vite'
import { builtinsOnDemand } from './builtins-on-demand.mjs'

const root = join(import.meta.dirname, '..')
// runtime dependencies stay external; devDependencies (zod among them) are bundled, as in electron.vite.config.ts
const deps = Object.keys(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies)
const headStart = /[\\/]src[\\/]main[\\/]import[\\/]head-start\.ts$/
const entry = /[\\/]src[\\/]main[\\/](cli-entry|compile-cache|import[\\/]head-start)\.ts$/

await build({
  configFile: false,
  root,
  logLevel: 'warn',
  mode: 'production',
  plugins: [builtinsOnDemand()],
  ssr: { noExternal: true },
  build: {
    ssr: true,
    outDir: 'out/main',
    emptyOutDir: false,
    target: 'node24',
    minify: false,
    copyPublicDir: false,
    reportCompressedSize: false,
    rolldownOptions: {
      input: { cli: join(root, 'src/main/cli-entry.ts'), 'cli-main': join(root, 'src/main/cli.ts') },
      external: [
        'electron',
        ...builtinModules.flatMap((m) => [m, `node:${m}`]),
        ...deps,
        new RegExp(`^(${deps.join('|')})/.+`)
      ],
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'cli-chunks/[name]-[hash].js',
        // everything cli.ts imports statically in one chunk; the entry stays apart (it must load nothing
        // before the compile cache is on)
        codeSplitting: {
          groups: [
            // the worker's head start, which the entry calls before the core loads, is a chunk of its own
            { name: 'head-start', test: headStart, priority: 1 },
            { name: 'cli-core', tags: ['$initial'], test: (id) => !entry.test(id) }
          ]
        }
      }
    }
  }
})
