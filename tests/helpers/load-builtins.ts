/**
 * vitest setup: tests open fresh workspaces, which seed the built-in schemes; openWorkspace needs the scheme
 * parsers loaded for that (the app's faces load them in startCore, only when they seed).
 */
import { loadBuiltinSchemes } from '../../src/main/workspace'

await loadBuiltinSchemes()
