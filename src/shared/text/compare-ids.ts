/**
 * `a.localeCompare(b)` for ids, without its cost: the first localeCompare of a process builds ICU's
 * collator, about 10 ms of every CLI start that sorts findings (verdict, findings). Ids (criteria, subjects,
 * finding types, dates) are ASCII letters, digits and `_-:./`; for those this gives the sign localeCompare
 * gives (the root collation: punctuation before digits before letters, letters without regard to case
 * first, then lowercase before uppercase). Any other character goes to localeCompare itself.
 * tests/unit/shared/compare-ids.test.ts holds it to that.
 */

/** primary weights: `_-:./` in the collation's order, then digits, then letters (case folded); 0: other */
const PRIMARY = new Uint8Array(128)
;['_', '-', ':', '.', '/'].forEach((c, i) => (PRIMARY[c.charCodeAt(0)] = 1 + i))
for (let d = 0; d < 10; d++) PRIMARY[48 + d] = 10 + d
for (let l = 0; l < 26; l++) PRIMARY[65 + l] = PRIMARY[97 + l] = 20 + l

export function compareIds(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  let caseOrder = 0
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    const px = x < 128 ? PRIMARY[x]! : 0
    const py = y < 128 ? PRIMARY[y]! : 0
    if (px === 0 || py === 0) return a.localeCompare(b)
    if (px !== py) return px < py ? -1 : 1
    // the same letter in another case: decides only if nothing else does (lowercase first)
    if (caseOrder === 0 && x !== y) caseOrder = x > y ? -1 : 1
  }
  for (let i = n; i < Math.max(a.length, b.length); i++) {
    const c = (a.length > n ? a : b).charCodeAt(i)
    if (c >= 128 || PRIMARY[c] === 0) return a.localeCompare(b)
  }
  if (a.length !== b.length) return a.length < b.length ? -1 : 1
  return caseOrder
}
