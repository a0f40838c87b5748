/**
 * The built renderer as files: which file a request path names, and its content type. The desktop app serves
 * the renderer from its own scheme (app://auditor-workbench/, see window.ts) through this. No electron here.
 */
import { realpathSync, statSync } from 'node:fs'
import { extname, isAbsolute, join, relative, sep } from 'node:path'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

export const contentTypeOf = (file: string): string =>
  CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'

/**
 * The file that the URL path `pathname` names inside `rendererDir`, or null. `/` is the entry page. The
 * file's real path (symlinks resolved) must lie inside the real renderer folder, so neither `..` (plain or
 * percent-encoded) nor a symlink leads out of it.
 */
export function rendererFile(rendererDir: string, pathname: string): string | null {
  let rel: string
  try {
    rel = decodeURIComponent(pathname)
  } catch {
    return null
  }
  if (rel.includes('\0')) return null
  if (rel === '' || rel === '/') rel = '/index.html'
  try {
    const root = realpathSync(rendererDir)
    const file = realpathSync(join(root, rel))
    const inside = relative(root, file)
    if (inside === '' || inside.split(sep)[0] === '..' || isAbsolute(inside)) return null
    return statSync(file).isFile() ? file : null
  } catch {
    return null
  }
}
