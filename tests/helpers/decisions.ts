import type { Workspace } from '../../src/main/workspace'
import type { Actor } from '../../src/main/identity/identities'

/**
 * The `i`-th of a run of routine decisions on demo-cloud: accept `criteria[i mod n]` with the comment
 * "checked i". For the benchmarks and the tests that record many decisions beside other work.
 */
export function acceptInTurn(
  ws: Workspace,
  caseId: string,
  criteria: readonly string[],
  i: number,
  actor: Actor
): void {
  ws.decide(
    {
      caseId,
      criterion: criteria[i % criteria.length]!,
      subject: 'demo-cloud',
      decision: 'accept',
      comment: `checked ${i}`
    },
    actor
  )
}
