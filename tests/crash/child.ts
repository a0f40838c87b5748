/**
 * Crash-harness child: works on a real workspace as fast as it can (imports and bursts of decisions) and
 * prints an ACK line after each operation returns, which is when the user would see it acknowledged.
 * The parent kills it with SIGKILL at a random moment and checks what survived.
 */
import { openWorkspace } from '../../src/main/workspace'
import { reportYaml } from '../helpers/workspace'
import { actorOf } from '../helpers/identity'

const [dbPath, resourcesDir, caseId, seedArg] = process.argv.slice(2) as [string, string, string, string]
const ws = openWorkspace({ dbPath, resourcesDir, actor: 'crash' })
const criteria = ws.schemes
  .get('scs-compatible-iaas')
  .scope.versions.find((v) => v.version === 'v5.1')!.criteria
let n = Number(seedArg) * 100_000
process.stdout.write('READY\n')
for (;;) {
  n += 1
  if (n % 5 === 0) {
    const text = reportYaml({
      subject: 'crash-cloud',
      runUuid: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      results: { 'scs-0100-syntax-check': 1, 'scs-0100-semantics-check': n % 2 ? 1 : -1 }
    })
    const r = await ws.importOne(caseId, { name: `r-${n}.yaml`, bytes: new TextEncoder().encode(text) })
    process.stdout.write(`ACK import ${r.sha256}\n`)
  } else {
    const d = ws.decide(
      {
        caseId,
        criterion: criteria[n % criteria.length]!,
        subject: 'crash-cloud',
        decision: n % 3 ? 'accept' : 'reject',
        comment: `round ${n}`
      },
      actorOf(ws, `crash-${seedArg}`)
    )
    process.stdout.write(`ACK decision ${d.id}\n`)
  }
}
