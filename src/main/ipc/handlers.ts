/** The handler table: thin, one per channel, transport-neutral. */
import type { Workspace } from '../workspace'
import type { InvokeHandlers } from './dispatch'
import type { AppInfo, EventContract, ImportProgress } from '../../shared/ipc/contract'
import { openDemoCase } from '../services/demo'

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
    'cases:carryForward': (id, auditor) => ws.carryForward(id, auditor),
    'reports:log': (reportId, testcase) => ws.evidence.logExcerpt(reportId, testcase),
    'decisions:record': (input) => ws.decide(input),
    'cases:reviewFlow': (id, action, auditor, comment) => ws.review(id, action, auditor, comment),
    'demo:open': () => openDemoCase(ws, ctx.resourcesDir)
  }
}
