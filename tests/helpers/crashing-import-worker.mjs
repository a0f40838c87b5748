// A stand-in for the import worker that speaks its protocol and dies on command, to test the client's
// handling of a worker that dies: "die.yaml" ends the thread, "throw.yaml" throws an uncaught error,
// "refuse.yaml" is refused with an error envelope that carries details; every other file is "imported" after
// 50 ms with a receipt naming it.
import { parentPort } from 'node:worker_threads'

parentPort.postMessage({ ready: true })
let queue = Promise.resolve()
parentPort.on('message', (req) => {
  if (req.op) return
  queue = queue.then(async () => {
    await new Promise((r) => setTimeout(r, 50))
    if (req.file.name === 'die.yaml') process.exit(7)
    if (req.file.name === 'refuse.yaml')
      parentPort.postMessage({
        id: req.id,
        ok: false,
        error: {
          code: 'CONFLICT',
          message: 'refuse.yaml is held',
          details: { file: 'refuse.yaml', place: 'run.uuid', reason: 'held by a test' }
        }
      })
    else if (req.file.name === 'throw.yaml')
      setTimeout(() => {
        throw new Error('boom')
      })
    else parentPort.postMessage({ id: req.id, ok: true, receipt: { file: req.file.name } })
    await new Promise((r) => setTimeout(r, 20))
  })
})
