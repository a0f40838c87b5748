/**
 * worker_threads entry: checks one verdict PDF (verify.ts) off the main thread, so that a hostile file
 * cannot freeze the app or the bridge. The main thread sends the bytes, the trust list as PEM and the
 * verification time; the answer is the JSON-safe PdfCheck. Memory is capped by the caller's resourceLimits
 * and by the reader's inflate budget; time by the caller's deadline.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { checkVerdictPdf } from './verify'
import { parseTrustPem } from './trust'

interface VerifyJob {
  readonly pdf: Uint8Array
  readonly fileName: string
  readonly trustPem: string
  readonly trustSource: string
  readonly now: string
}

const job = workerData as VerifyJob
const pdf = Buffer.from(job.pdf.buffer, job.pdf.byteOffset, job.pdf.byteLength)
checkVerdictPdf(pdf, job.fileName, parseTrustPem(job.trustPem, job.trustSource), new Date(job.now)).then(
  (value) => parentPort!.postMessage({ ok: true, value }),
  (error: unknown) => parentPort!.postMessage({ ok: false, message: (error as Error).message })
)
