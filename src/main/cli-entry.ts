/**
 * The CLI's process entry (built as out/main/cli.js): turns on V8's compile cache, then loads the CLI.
 *
 * Compiling the CLI's bundle is most of what a start costs beyond Node's own. With the cache, a start reads
 * the code V8 compiled on an earlier start instead of compiling it again. The cache must be on before the
 * bundle is compiled, so this file has no static import of it: cli.ts loads through import() below.
 *
 * The cache lives in the user's own cache folder (see compileCacheDir), never beside a workspace file
 * (which may be shared): whoever can write the cache can change what the CLI runs. Node checks each entry
 * against the source it was made from and V8's version, and compiles afresh on any difference.
 * NODE_COMPILE_CACHE=DIR chooses another folder; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 */
import { compileCacheDir } from './compile-cache'
import { headStartImporter } from './import/head-start'

try {
  const { constants, enableCompileCache } = process.getBuiltinModule('node:module')
  const cache = enableCompileCache(compileCacheDir())
  // the import worker is a Node instance of its own: it turns the cache on from its environment
  if (cache.status === constants.compileCacheStatus.ENABLED && cache.directory)
    process.env['NODE_COMPILE_CACHE'] = cache.directory
} catch {
  /* no cache (a folder that cannot be written, say): the CLI compiles as before */
}

// `import` starts its worker first of all: the thread starts and loads its code while the CLI loads its own
// (the workspace's importer adopts it; from source there is no built worker, and nothing starts here)
if (process.argv[2] === 'import') headStartImporter(import.meta.dirname)

const cli = await import('./cli')
export const { main, runCli, EXIT } = cli

const isEntry = process.argv[1] && import.meta.filename && process.argv[1].endsWith('cli.js')
if (isEntry) void main(process.argv.slice(2))
