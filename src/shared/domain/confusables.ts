/**
 * Look-alike subjects: a skeleton in the manner of Unicode TR39 (§4, "skeleton"): two strings that
 * display alike get the same skeleton. The map is small and covers what matters for cloud names:
 *   - Latin/digit confusables of ASCII: 0→o, 1 I | →l, rn→m, vv→w, cl→d;
 *   - Cyrillic letters that look like Latin ones (а е о р с у х і ј ѕ ԁ ԛ ԝ һ ӏ and capitals А В Е К М Н О Р С Т У Х І Ј Ѕ);
 *   - Greek letters that look like Latin ones (α ι κ ν ο ρ τ υ χ and capitals Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ);
 *   - compatibility forms (fullwidth letters and the like) through NFKD;
 *   - invisible format characters (zero-width space, joiners, bidi overrides) are dropped.
 * Unlike TR39, the skeleton is also case-folded: "Demo-Cloud" and "demo-cloud" name one cloud to a reader.
 * It is not the full confusables.txt (about 6,000 entries); other scripts are not covered.
 */
const SINGLE: Readonly<Record<string, string>> = {
  // digits and ASCII
  '0': 'o',
  '1': 'l',
  I: 'l',
  '|': 'l',
  // Cyrillic
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  һ: 'h',
  ӏ: 'l',
  А: 'a',
  В: 'b',
  Е: 'e',
  К: 'k',
  М: 'm',
  Н: 'h',
  О: 'o',
  Р: 'p',
  С: 'c',
  Т: 't',
  У: 'y',
  Х: 'x',
  І: 'l',
  Ј: 'j',
  Ѕ: 's',
  // Greek
  α: 'a',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  Α: 'a',
  Β: 'b',
  Ε: 'e',
  Ζ: 'z',
  Η: 'h',
  Ι: 'l',
  Κ: 'k',
  Μ: 'm',
  Ν: 'n',
  Ο: 'o',
  Ρ: 'p',
  Τ: 't',
  Υ: 'y',
  Χ: 'x'
}
const SEQUENCES: readonly [RegExp, string][] = [
  [/rn/g, 'm'],
  [/vv/g, 'w'],
  [/cl/g, 'd']
]

export function skeleton(s: string): string {
  let out = ''
  for (const ch of s.normalize('NFKD').replace(/\p{Cf}/gu, '')) out += SINGLE[ch] ?? ch
  out = out.toLowerCase().replace(/\p{Mn}/gu, '')
  for (const [re, to] of SEQUENCES) out = out.replace(re, to)
  return out
}

/** Groups of two or more different strings that share a skeleton. */
export function confusableGroups(values: Iterable<string>): string[][] {
  const groups = new Map<string, Set<string>>()
  for (const v of values) {
    const k = skeleton(v)
    const g = groups.get(k) ?? new Set<string>()
    g.add(v)
    groups.set(k, g)
  }
  return [...groups.values()].filter((g) => g.size > 1).map((g) => [...g].sort())
}

/** Shows a string with every character outside printable ASCII as \u{…}, so look-alikes can be told apart. */
export const visible = (s: string): string =>
  s.replace(/[^\x20-\x7e]/gu, (ch) => `\\u{${ch.codePointAt(0)!.toString(16).toUpperCase()}}`)
