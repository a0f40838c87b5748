/**
 * One YAML file holding `count` compliance-check reports in the real scs-compliance-check format: the demo
 * report (54 results) once per subject, each with its own subject name and run uuid. 1,000 of them are
 * 54,000 results, and a verdict and findings of several megabytes. Deterministic.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FIXTURES } from './paths'

export function manyReports(count: number): string {
  const demo = readFileSync(join(FIXTURES, 'reports/scs-report-demo-cloud.yaml'), 'utf8')
  const docs: string[] = []
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(4, '0')
    docs.push(
      demo
        .replace(/^subject: demo-cloud$/m, `subject: cloud-${n}`)
        .replace(/^(run:\n {2}uuid: )[0-9a-f]{8}/m, (_m, p: string) => `${p}${String(i).padStart(8, '0')}`)
    )
  }
  return docs.join('')
}
