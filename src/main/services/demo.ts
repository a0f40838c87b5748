/**
 * "Open demo case": a realistic case built from the sample files in resources/demo: the operator's
 * compliance-check report and its self-assessment.
 * The sample report's dates are moved to two days ago (and its run uuid made unique per day), so that the
 * demo's evidence is fresh whenever it is opened; everything else is the shipped file byte for byte.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { WorkspaceServices } from '../workspace'
import type { CaseSummary } from '../../shared/domain/types'
import { DEMO_CASE_ID } from '../../shared/domain/demo'

export { DEMO_CASE_ID }

export function daysAgo(n: number, now = new Date()): string {
  return new Date(now.getTime() - n * 86_400_000).toISOString().slice(0, 10)
}

export function demoReportText(resourcesDir: string, now = new Date()): string {
  const text = readFileSync(join(resourcesDir, 'demo', 'scs-report-demo-cloud.yaml'), 'utf8')
  const day = daysAgo(2, now)
  return text
    .replace(/^checked_at: \d{4}-\d{2}-\d{2}/m, `checked_at: ${day}`)
    .replace(/^reference_date: \d{4}-\d{2}-\d{2}/m, `reference_date: ${day}`)
    .replace(/^(run:\n {2}uuid: )([0-9a-f]{8})/m, (_m, p: string) => `${p}${day.replace(/-/g, '')}`)
}

/**
 * Opens the demo case, building it on first use: the case and its two files in one transaction
 * (createCaseWithFiles), so that a refused file or a failed write leaves no demo case at all, and the next
 * open builds it again. The files are the workbench's own, so they are read in this process rather than by
 * the import worker (whose connection could not share the case's transaction). A half-built demo that an
 * earlier version left (the case created, an import then refused) is completed: each file is imported while
 * the case has no file of its kind.
 */
export async function openDemoCase(ws: WorkspaceServices, resourcesDir: string): Promise<CaseSummary> {
  const report = {
    name: 'scs-report-demo-cloud.yaml',
    bytes: new TextEncoder().encode(demoReportText(resourcesDir, ws.clock()))
  }
  const selfAssessment = {
    name: 'self-assessment-demo-cloud.yaml',
    bytes: readFileSync(join(resourcesDir, 'demo', 'self-assessment-demo-cloud.yaml'))
  }
  if (!ws.caseOf(DEMO_CASE_ID))
    return await ws.createCaseWithFiles(
      {
        id: DEMO_CASE_ID,
        schemeId: 'scs-compatible-iaas',
        schemeVersion: 'v5.1',
        title: 'Demo Cloud GmbH: SCS-compatible IaaS v5.1 (demo)'
      },
      [report, selfAssessment]
    )
  const has = new Set(ws.caseFiles(DEMO_CASE_ID).map((f) => f.kind))
  if (!has.has('scs-report')) await ws.importOne(DEMO_CASE_ID, report)
  if (!has.has('self-assessment')) await ws.importOne(DEMO_CASE_ID, selfAssessment)
  return ws.caseOf(DEMO_CASE_ID)!
}
