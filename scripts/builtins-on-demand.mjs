// A build plugin (electron.vite.config.ts, scripts/build-cli.mjs): the main-process bundles take Node's
// built-in modules from process.getBuiltinModule() instead of an ES import. An ES import of a built-in makes
// every export of it real at link time (node:fs loads fs/promises, readline and streams with it, node:util
// its whole surface), which cost every CLI start about 10 ms. The bindings are the same functions of the same
// modules; only the loading of what a command never touches is saved.

/** `{ a as b, c }` → `{ a: b, c }`; `X` and `* as X` → `X`; null for any other form (left as an import) */
function binding(what) {
  const named = /^\{ ?(.*?) ?\}$/.exec(what)
  if (named) return `{ ${named[1].replace(/ as /g, ': ')} }`
  const whole = /^(?:\* as )?([\w$]+)$/.exec(what)
  return whole ? whole[1] : null
}

export function builtinsOnDemand() {
  return {
    name: 'builtins-on-demand',
    renderChunk(code) {
      const out = code
        .replace(/^import "(node:[\w/]+)";$/gm, '')
        .replace(/^import (.+?) from "(node:[\w/]+)";$/gm, (line, what, id) => {
          const lhs = binding(what)
          return lhs ? `const ${lhs} = process.getBuiltinModule("${id}");` : line
        })
      return out === code ? null : { code: out, map: null }
    }
  }
}
