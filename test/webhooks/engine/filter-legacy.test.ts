import { describe, expect, it } from 'vitest'
import { compileLegacyFilter } from '../../../src/webhooks/engine/filter/legacy'
import type { EngineEvent, Filter, Metadata } from '../../../src/webhooks/engine/model'

const metadata: Metadata = { organization_id: 'org-1' }
const matches = (filter: Filter, entity: Record<string, unknown>, event: Partial<EngineEvent> = {}) =>
  compileLegacyFilter(filter)({ entity, ...event }, metadata)

const customerRequest = {
  customer_request: {
    productId: '2324245',
    request_items: [
      { product_category: 'solar', quantity: 2 },
      { product_category: 'heat_pump', quantity: 1 },
    ],
  },
}

describe('legacy filter', () => {
  it('delivers when the value at keyToFilter is one of supportedValues', () => {
    expect(matches({ keyToFilter: 'customer_request.productId', supportedValues: ['2324245', '5253642'] }, customerRequest)).toBe(true)
  })
  it('skips when the value is not listed', () => {
    expect(matches({ keyToFilter: 'customer_request.productId', supportedValues: ['5253642'] }, customerRequest)).toBe(false)
  })
  it('walks through arrays: any element may match', () => {
    const filter = { keyToFilter: 'customer_request.request_items.product_category', supportedValues: ['solar', 'electricity'] }
    expect(matches(filter, customerRequest)).toBe(true)
    expect(matches({ ...filter, supportedValues: ['electricity'] }, customerRequest)).toBe(false)
  })
  it('matches an element of an array found at the end of the path', () => {
    expect(matches({ keyToFilter: 'tags', supportedValues: ['b'] }, { tags: ['a', 'b'] })).toBe(true)
  })
  it('compares case-sensitively', () => {
    expect(matches({ keyToFilter: 'customer_request.request_items.product_category', supportedValues: ['Solar'] }, customerRequest)).toBe(false)
  })
  it('compares numbers and booleans as their text', () => {
    expect(matches({ keyToFilter: 'customer_request.request_items.quantity', supportedValues: ['2'] }, customerRequest)).toBe(true)
    expect(matches({ keyToFilter: 'active', supportedValues: ['true'] }, { active: true })).toBe(true)
  })
  it('skips when the key is missing or holds an object', () => {
    expect(matches({ keyToFilter: 'nothing.here', supportedValues: ['x'] }, customerRequest)).toBe(false)
    expect(matches({ keyToFilter: 'customer_request', supportedValues: ['[object Object]'] }, customerRequest)).toBe(false)
  })
  it('matches nothing when supportedValues is empty', () => {
    expect(matches({ keyToFilter: 'customer_request.productId', supportedValues: [] }, customerRequest)).toBe(false)
  })
  it('reads metadata and entity explicitly when the path starts with them', () => {
    expect(matches({ keyToFilter: 'metadata.organization_id', supportedValues: ['org-1'] }, {})).toBe(true)
    expect(matches({ keyToFilter: 'entity.customer_request.productId', supportedValues: ['2324245'] }, customerRequest)).toBe(true)
  })
  it('walks relations', () => {
    expect(matches({ keyToFilter: 'relations._schema', supportedValues: ['contact'] }, {}, { relations: [{ _schema: 'file' }, { _schema: 'contact' }] })).toBe(true)
  })
})
