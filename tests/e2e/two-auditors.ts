/**
 * Ann and Bob for the specs that play two machines: their keys, made at test time, and workspace files in one
 * temp folder whose rosters hold both. Ann's workspace is played in Node, Bob's in the built app.
 */
import { join } from 'node:path'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { ROOT } from './bridge-app'
import { testClock } from '../helpers/clock'
import { loadBuiltinSchemes, openWorkspace, type Workspace } from '../../src/main/workspace'
import { createPrivateKeyFile } from '../../src/main/identity/openssh-key'

export function twoAuditors(prefix: string) {
  const ann = createPrivateKeyFile('Ann', null).key
  const bobKey = createPrivateKeyFile('Bob', null)
  const tmp = mkdtempSync(join(tmpdir(), prefix))
  async function workspace(name: string): Promise<Workspace> {
    await loadBuiltinSchemes()
    const ws = openWorkspace({
      dbPath: join(tmp, `${name}.sqlite`),
      resourcesDir: join(ROOT, 'resources'),
      actor: name,
      clock: testClock
    })
    ws.identities.register('Ann', ann.publicKey, null)
    ws.identities.register('Bob', bobKey.key.publicKey, null)
    return ws
  }
  return { ann, bobKey, bob: bobKey.key, tmp, workspace }
}
