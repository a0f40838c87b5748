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

/** Why a request path names no file to serve: the bridge answers 400, 403 or 404; the app's scheme 404. */
export type RendererFileRefusal = 'bad-path' | 'outside' | 'not-found'

/**
 * The file that the URL path `pathname` names inside `rendererDir`, or why there is none. `/` is the entry
 * page. The path (`..` plain or percent-encoded) and then the file's real path (symlinks resolved) must lie
 * inside the real renderer folder: one check for the desktop app's scheme and the bridge.
 */
export function findRendererFile(
  rendererDir: string,
  pathname: string
): { readonly file: string } | { readonly refused: RendererFileRefusal } {
  let rel: string
  try {
    rel = decodeURIComponent(pathname)
  } catch {
    return { refused: 'bad-path' }
  }
  if (rel.includes('\0')) return { refused: 'bad-path' }
  if (rel === '' || rel === '/') rel = '/index.html'
  let root: string
  try {
    root = realpathSync(rendererDir)
  } catch {
    return { refused: 'not-found' }
  }
  const inside = (path: string): boolean => {
    const r = relative(root, path)
    return r !== '' && r.split(sep)[0] !== '..' && !isAbsolute(r)
  }
  const named = join(root, rel)
  if (!inside(named)) return { refused: 'outside' }
  try {
    const file = realpathSync(named)
    if (!inside(file)) return { refused: 'outside' }
    return statSync(file).isFile() ? { file } : { refused: 'not-found' }
  } catch {
    return { refused: 'not-found' }
  }
}

/** The file that `pathname` names inside `rendererDir`, or null (the desktop app's scheme answers 404). */
export function rendererFile(rendererDir: string, pathname: string): string | null {
  const found = findRendererFile(rendererDir, pathname)
  return 'file' in found ? found.file : null
}
