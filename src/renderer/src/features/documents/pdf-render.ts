/**
 * Renders the pages of an untrusted PDF onto canvases with pdf.js, parsing in pdf.js's own worker (bundled by
 * vite and served from 'self', so the CSP's script-src 'self' covers it; no blob: or eval needed).
 * Hostile by default: no scripting (we never load pdf.js's scripting sandbox nor an annotation layer, so a PDF's
 * JavaScript has nothing to run in), no remote loads (no cMap, font, ICC or wasm URL is given, so nothing is
 * fetched; the CSP's connect-src 'self' would refuse anything else), system fonts off, images capped, at most
 * MAX_PAGES pages each capped in pixels, and a deadline after which the worker is destroyed (a PDF bomb).
 * pdf.js 6 has no eval path any more (its `isEvalSupported` option is gone); the CSP forbids eval regardless.
 */
import { GlobalWorkerOptions, getDocument } from 'pdfjs-dist'
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url'

GlobalWorkerOptions.workerSrc = workerUrl

export const MAX_PAGES = 10
export const MAX_CANVAS_SIDE = 2000
export const DEADLINE_MS = 20_000

export interface RenderedPdf {
  readonly pages: number
  readonly shown: number
}

function withDeadline<T>(p: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout()
      reject(new Error(`the document did not render within ${ms / 1000} s (a PDF bomb?); it was stopped`))
    }, ms)
  })
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer))
}

/** Renders into `host` (emptied first); resolves with the page counts, rejects with a message to show. */
export async function renderPdf(
  bytes: Uint8Array,
  host: HTMLElement,
  width: number,
  signal: { cancelled: boolean }
): Promise<RenderedPdf> {
  host.replaceChildren()
  const task = getDocument({
    data: bytes,
    useSystemFonts: false,
    useWorkerFetch: false,
    useWasm: false,
    enableXfa: false,
    stopAtErrors: true,
    maxImageSize: 4096 * 4096,
    isOffscreenCanvasSupported: false,
    disableWorkerRendering: true,
    verbosity: 0
  })
  const stop = (): void => void task.destroy()
  const work = (async (): Promise<RenderedPdf> => {
    const pdf = await task.promise
    const shown = Math.min(pdf.numPages, MAX_PAGES)
    for (let n = 1; n <= shown && !signal.cancelled; n++) {
      const page = await pdf.getPage(n)
      const base = page.getViewport({ scale: 1 })
      const scale = Math.min(width / base.width, MAX_CANVAS_SIDE / base.height, MAX_CANVAS_SIDE / base.width)
      const viewport = page.getViewport({ scale })
      const canvas = document.createElement('canvas')
      canvas.width = Math.max(1, Math.floor(viewport.width))
      canvas.height = Math.max(1, Math.floor(viewport.height))
      canvas.setAttribute('aria-label', `Page ${n} of ${pdf.numPages}`)
      canvas.className = 'pdf-page'
      host.append(canvas)
      await page.render({ canvas, viewport }).promise
    }
    return { pages: pdf.numPages, shown }
  })()
  try {
    return await withDeadline(work, DEADLINE_MS, stop)
  } finally {
    if (signal.cancelled) stop()
  }
}
