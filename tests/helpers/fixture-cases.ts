import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Workspace } from '../../src/main/workspace'
import type { Actor } from '../../src/main/identity/identities'
import { FIXTURES } from './paths'

/** The fixture cases (tests/fixtures/cases/NAME) and the scheme each was written for. */
const FIXTURE_SCHEMES = {
  consistent: { schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' },
  inconsistent: { schemeId: 'scs-compatible-iaas', schemeVersion: 'v5.1' },
  integrator: { schemeId: 'scs-integrator-iaas', schemeVersion: 'v2' }
} as const

/** Case `caseId` on the scheme the fixture case `dir` was written for, holding its files (those `only` keeps). */
export async function fixtureCase(
  ws: Workspace,
  caseId: string,
  dir: keyof typeof FIXTURE_SCHEMES,
  only?: (f: string) => boolean
): Promise<void> {
  ws.createCase({ id: caseId, ...FIXTURE_SCHEMES[dir] })
  await importCaseDir(ws, caseId, dir, only)
}

/** Imports the files of tests/fixtures/cases/`dir` (those `only` keeps, in name order) into case `caseId`. */
export async function importCaseDir(
  ws: Workspace,
  caseId: string,
  dir: string,
  only?: (f: string) => boolean
): Promise<void> {
  const from = join(FIXTURES, 'cases', dir)
  for (const f of readdirSync(from)
    .filter((x) => !only || only(x))
    .sort())
    await ws.importOne(caseId, { name: f, bytes: readFileSync(join(from, f)) })
}

/**
 * What the integrator fixture's stale report on the managed share (klinik-cloud) needs before its verdict
 * can be signed: a waiver until 2027-01-31, owned by K. Kühl, by `actor`.
 */
export function waiveStaleManagedShare(ws: Workspace, caseId: string, actor: Actor): void {
  ws.decide(
    {
      caseId,
      criterion: 'scoring.third-party-managed',
      subject: 'klinik-cloud',
      decision: 'waive',
      comment: 'fresh run scheduled for December',
      waiverOwner: 'K. Kühl',
      waiverExpires: '2027-01-31'
    },
    actor
  )
}

/** A decision on the integrator fixture's open question: the production share of stadtwerk-cloud. */
export function decideProductionShare(
  ws: Workspace,
  caseId: string,
  decision: 'accept' | 'reject',
  comment: string,
  actor: Actor
): void {
  ws.decide(
    { caseId, criterion: 'scoring.third-party-production', subject: 'stadtwerk-cloud', decision, comment },
    actor
  )
}
