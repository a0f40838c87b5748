import { createHandlers, type HandlerContext } from '../../src/main/ipc/handlers'
import { createPassphraseStore } from '../../src/main/keychain'
import type { Workspace } from '../../src/main/workspace'
import type { InvokeHandlers } from '../../src/main/ipc/dispatch'
import { RESOURCES } from './paths'

/**
 * The handler table over `ws` as the tests make it: the repository's resources, version "t", transport
 * "bridge", events dropped and passphrases kept nowhere (no keychain, as in browser mode), unless `o` says
 * otherwise.
 */
export function testHandlers(ws: Workspace, o: Partial<Omit<HandlerContext, 'ws'>> = {}): InvokeHandlers {
  return createHandlers({
    ws,
    resourcesDir: RESOURCES,
    transport: 'bridge',
    version: 't',
    emit: () => undefined,
    ...o,
    passphrases: o.passphrases ?? createPassphraseStore('', null)
  })
}
