/**
 * A testcase id as the screens show it. SCS ids are short ("scs-0101-entropy-avail"), but a guideline's tests
 * are tempest paths ("tempest.api.compute.flavors.test_flavors.FlavorsV2TestJSON.test_list_flavors") whose
 * distinguishing part is their last segment: cut at the end, two tests of one class look the same. The
 * accessible name is always the whole id.
 */
import { Fragment, type ReactElement } from 'react'

/** The last segment of a dotted id, or its last characters: the part the screen must never cut. */
export function tailOf(id: string): string {
  const dot = id.lastIndexOf('.')
  if (dot > 0 && dot < id.length - 1 && id.length - dot - 1 <= 48) return id.slice(dot)
  return id.length > 24 ? id.slice(-12) : ''
}

/**
 * For one line (a row of the results table): the id's head is cut in the middle when the cell is too narrow,
 * its tail stays whole (the CSS of `.mid-ellipsis`); a tail wider than the cell is cut at its start.
 */
export function TestcaseLine({ id }: { readonly id: string }): ReactElement {
  const tail = tailOf(id)
  if (!tail) return <>{id}</>
  // the two halves are flex items, which a screen reader would read as two words: it reads the id whole
  return (
    <>
      <span className="sr-only">{id}</span>
      <span className="mid-ellipsis" aria-hidden="true">
        <span className="mid-head">{id.slice(0, id.length - tail.length)}</span>
        <span className="mid-tail">
          <bdi>{tail}</bdi>
        </span>
      </span>
    </>
  )
}

/**
 * For a cell that may wrap (the review's check results): the id breaks after a dot or an underscore, never
 * inside a word, so that a long tempest path leaves room for the result beside it.
 */
export function TestcaseWrapping({ id }: { readonly id: string }): ReactElement {
  const parts = id.split(/(?<=[._])/)
  return (
    <>
      {parts.map((p, i) => (
        <Fragment key={i}>
          {p}
          {i < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </>
  )
}
