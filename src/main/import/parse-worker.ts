/**
 * worker_threads entry: parses untrusted files off the main thread.
 * Request {id, name, bytes}; reply {id, ok: true, value} or {id, ok: false, input | internal}.
 */
import { parentPort } from 'node:worker_threads'
import { parseFile } from './parse'
import { pack } from './transfer'
import { InputError } from '../../shared/format/input-error'

interface Request {
  id: number
  name: string
  bytes: Uint8Array
}

parentPort?.on('message', async (req: Request) => {
  try {
    parentPort!.postMessage({ id: req.id, ok: true, value: pack(await parseFile(req.name, req.bytes)) })
  } catch (error) {
    if (error instanceof InputError) {
      parentPort!.postMessage({
        id: req.id,
        ok: false,
        input: { file: error.file, place: error.place, reason: error.reason }
      })
    } else if (error instanceof RangeError) {
      parentPort!.postMessage({
        id: req.id,
        ok: false,
        input: { file: req.name, place: '(document)', reason: 'the document is nested too deeply to read' }
      })
    } else {
      parentPort!.postMessage({ id: req.id, ok: false, internal: String((error as Error)?.stack ?? error) })
    }
  }
})
