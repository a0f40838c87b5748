/** The handler table: thin, one per channel, transport-neutral. */
import type { Workspace } from '../workspace'
import type { InvokeHandlers } from './dispatch'
import type { AppInfo, EventContract, ImportProgress } from '../../shared/ipc/contract'
import { openDemoCase } from '../services/demo'
import { exportVerdict, verifyVerdictPdf } from '../pdf/export'

export interface HandlerContext {
  readonly ws: Workspace
  readonly resourcesDir: string
  readonly transport: AppInfo['transport']
  readonly version: string
  readonly emit: <E extends keyof EventContract>(event: E, ...payload: Parameters<EventContract[E]>) => void
}

export function createHandlers(ctx: HandlerContext): InvokeHandlers {
  const { ws } = ctx
  return {
    'app:info': () => ({
      version: ctx.version,
      dbPath: ws.dbPath,
      transport: ctx.transport,
      allowedSignersPath: ws.allowedSignersPath
    }),
    'schemes:list': () => ws.schemes.list(),
    'schemes:get': (id) => ws.schemes.get(id),
    'cases:list': () => ws.cases.list(),
    'cases:create': (input) => ws.createCase(input),
    'cases:get': (id, at) => ws.caseDetail(id, at),
    'cases:results': (id, at) => ws.caseResults(id, at),
    'cases:audit': (id) => ws.audit.listForCase(id),
    'import:files': (caseId, files, batchId = 'batch') =>
      ws.importFiles(
        caseId,
        files.map((f) => ({ name: f.name, bytes: Buffer.from(f.base64, 'base64') })),
        (file, index, total, stage) =>
          ctx.emit('import:progress', { batchId, file, index, total, stage } satisfies ImportProgress)
      ),
    'cases:exportTemplate': async (id) => ({
      fileName: `questionnaire-${id}.xlsx`,
      base64: (await ws.exportTemplate(id)).toString('base64')
    }),
    'cases:review': (id, at) => ws.caseReview(id, at),
    'cases:verdict': (id, at) => ws.verdict(id, at),
    'cases:roundDiff': (id) => ws.roundDiff(id),
    'verdict:export': async (input) => {
      const r = await exportVerdict(ws, {
        caseId: input.caseId,
        at: input.at,
        lang: input.lang,
        preAudit: input.preAudit,
        signer:
          input.p12Base64 !== undefined
            ? { p12: Buffer.from(input.p12Base64, 'base64'), passphrase: input.passphrase ?? '' }
            : undefined,
        body: input.body,
        actor: input.actor ?? ws.actor
      })
      const { pdf, ...rest } = r
      return { ...rest, base64: pdf.toString('base64') }
    },
    'verdict:verify': (file) => verifyVerdictPdf(Buffer.from(file.base64, 'base64'), file.name, ws),
    'cases:carryForward': (id, auditor) => ws.carryForward(id, auditor),
    'reports:log': (reportId, testcase) => ws.evidence.logExcerpt(reportId, testcase),
    'decisions:record': (input) => ws.decide(input),
    'cases:reviewFlow': (id, action, auditor, comment) => ws.review(id, action, auditor, comment),
    'demo:open': () => openDemoCase(ws, ctx.resourcesDir)
  }
}
