import type { Db } from './connection'
import type { Clock } from '../clock'
import { createSchemesRepo } from './schemes.repo'
import { createCasesRepo } from './cases.repo'
import { createEvidenceRepo } from './evidence.repo'
import { createAuditRepo } from './audit.repo'
import { withVerifiedChain } from './verified-chain'
import { createSubmissionsRepo } from './submissions.repo'
import { createDecisionsRepo } from './decisions.repo'
import { createAuditorsRepo } from './auditors.repo'
import { createDocumentsRepo } from './documents.repo'

/** Every repository of a workspace connection; a service takes the ones it owns (Pick<Repos, …>). */
export function createRepos(db: Db, clock: Clock) {
  return {
    schemes: createSchemesRepo(db, clock),
    cases: createCasesRepo(db, clock),
    evidence: createEvidenceRepo(db),
    // the chain check keeps its verified prefix: a view re-hashes only what was appended (verified-chain.ts)
    audit: withVerifiedChain(db, createAuditRepo(db, clock)),
    submissions: createSubmissionsRepo(db),
    decisions: createDecisionsRepo(db),
    auditors: createAuditorsRepo(db),
    documents: createDocumentsRepo(db)
  }
}
export type Repos = ReturnType<typeof createRepos>
