/**
 * Runs verify.ts in a worker thread of the built app (out/main/verify-worker.js): one worker per file,
 * with a heap cap and a deadline, terminated on either. Where no built worker exists (running from the
 * sources, as the unit tests do) the check runs in-process, on the same code.
 */
import { checkVerdictPdf, refusedCheck, type PdfCheck } from './verify'
import { trustListPem, type TrustList } from './trust'

/** the most a verification may take before its worker is stopped */
export const VERIFY_DEADLINE_MS = 120_000
/** the worker's JavaScript heap (inflated data lives outside it, under the reader's inflate budget) */
const HEAP_MB = 512

export { builtVerifyWorkerFile } from './verify-worker-file'

export function checkOffThread(
  workerFile: string | null | undefined,
  pdf: Buffer,
  fileName: string,
  list: TrustList,
  now: Date,
  deadlineMs = VERIFY_DEADLINE_MS
): Promise<PdfCheck> {
  if (!workerFile) return checkVerdictPdf(pdf, fileName, list, now)
  return new Promise((resolve) => {
    const { Worker } = process.getBuiltinModule('node:worker_threads')
    const worker = new Worker(workerFile, {
      workerData: {
        pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength),
        fileName,
        trustPem: trustListPem(list),
        trustSource: list.source,
        now: now.toISOString()
      },
      resourceLimits: { maxOldGenerationSizeMb: HEAP_MB }
    })
    let settled = false
    const done = (check: PdfCheck): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      void worker.terminate()
      resolve(check)
    }
    const timer = setTimeout(
      () => done(refusedCheck(fileName, list, `verification was stopped after ${deadlineMs / 1000} s`)),
      deadlineMs
    )
    worker.once('message', (m: { ok: true; value: PdfCheck } | { ok: false; message: string }) =>
      done(m.ok ? m.value : refusedCheck(fileName, list, `the file could not be checked: ${m.message}`))
    )
    worker.once('error', (e) =>
      done(refusedCheck(fileName, list, `the file could not be checked: ${e.message}`))
    )
    worker.once('exit', (code) =>
      done(refusedCheck(fileName, list, `the verification stopped (exit ${code}) before it had an answer`))
    )
  })
}
