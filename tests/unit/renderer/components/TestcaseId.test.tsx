// @vitest-environment jsdom
/** How a testcase id is cut or wrapped on the screens (TestcaseId.tsx). */
import { afterEach, describe, expect, it } from 'vitest'
import { cleanup, render } from '@testing-library/react'
import { tailOf, TestcaseWrapping } from '../../../../src/renderer/src/components/TestcaseId'

afterEach(cleanup)

describe('a testcase id on the screens', () => {
  it('keeps the last segment of a dotted id, the last characters of a long undotted one, and a short SCS id whole', () => {
    expect(tailOf('tempest.api.compute.servers.test_servers.ServersTestJSON.test_list_servers')).toBe(
      '.test_list_servers'
    )
    expect(tailOf('scs-0999-generated-conformance-check-049999')).toBe('check-049999')
    expect(tailOf('scs-0101-entropy-avail')).toBe('')
    // a segment too long to stay whole in any cell: its last characters, as for an undotted id
    expect(tailOf(`tempest.${'x'.repeat(60)}`)).toBe('x'.repeat(12))
  })

  it('wraps only after a dot or an underscore, and reads as the whole id', () => {
    const id = 'tempest.api.compute.servers.test_availability_zone.AZV2TestJSON.test_get_list'
    const { container } = render(
      <span>
        <TestcaseWrapping id={id} />
      </span>
    )
    expect(container.textContent).toBe(id)
    const before = [...container.querySelectorAll('wbr')].map((w) => w.previousSibling?.textContent?.at(-1))
    expect(before.length).toBe(id.split('').filter((c) => c === '.' || c === '_').length)
    expect(new Set(before)).toEqual(new Set(['.', '_']))
  })
})
