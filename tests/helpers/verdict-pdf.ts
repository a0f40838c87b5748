/**
 * A verdict PDF for the signing and verification tests, built as exportVerdict (src/main/pdf/export.ts)
 * builds it, but unsigned, so that each test signs it its own way (the product's signPdf, a TSA, a forger).
 */
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import { buildVerdictPdf } from '../../src/main/pdf/document'
import type { Workspace } from '../../src/main/workspace'
import type { Verdict } from '../../src/shared/domain/verdict-types'
import { testClock } from './clock'
import { RESOURCES } from './paths'
import { fixtureCase } from './fixture-cases'
import { createTestWorkspace } from './workspace'

/**
 * When the tests' verdicts are made and signed: the tests' fixed clock. exportVerdict takes both from the
 * system clock (a signature is an act in the real world); a test passes them explicitly, and the fixed
 * time keeps its runs alike. It agrees with everything else a signing test meets: the test certificates
 * (tests/helpers/test-pki.ts) are valid from 2025 to 2035, and the local TSA (tests/helpers/tsa.ts) stamps
 * the system's time, which lies after it, as a timestamp follows the signature it stamps.
 */
export const signedAt = (): Date => testClock()

/** A test workspace with case nordlicht (scs-integrator-iaas v2) and every file of the integrator fixture. */
export async function integratorWorkspace(): Promise<Workspace & { dir: string }> {
  const ws = createTestWorkspace()
  await fixtureCase(ws, 'nordlicht', 'integrator')
  return ws
}

/**
 * The unsigned verdict PDF of `v` (English, not pre-audit, body "Test body"), made at `signedAt()`. When
 * `ws` holds the verdict's case, its log records the export as exportVerdict does (`verdict.export`), so
 * that verify finds the verdict in the body's log; for a forged verdict of a case the workspace does not
 * hold, nothing is logged.
 */
export async function unsignedVerdictPdf(v: Verdict, ws: Workspace | null): Promise<Buffer> {
  const json = Buffer.from(`${JSON.stringify(v, null, 2)}\n`)
  const sha = createHash('sha256').update(json).digest('hex')
  const verdictId = `AW-${v.caseId}-${v.decisionDate}-${sha.slice(0, 12)}`
  if (ws?.cases.find(v.caseId))
    ws.audit.append('Test body', 'verdict.export', v.caseId, { verdictId, sha256: sha, signed: true })
  return buildVerdictPdf(v, {
    lang: 'en',
    preAudit: false,
    verdictJson: json,
    verdictId,
    body: { name: 'Test body' },
    auditors: [],
    createdAt: signedAt(),
    fontsDir: join(RESOURCES, 'fonts')
  })
}
