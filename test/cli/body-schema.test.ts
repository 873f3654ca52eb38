import { describe, expect, it } from 'vitest'
import type { BodySchema } from '../../src/core/commands'
import { exampleBody, orderedFields, singular } from '../../src/cli/body-example'
import { bodySchemaOf } from '../../src/core/body-schema'

/** A small spec with refs, a read-only field, a cycle and deep nesting. */
const doc = {
  openapi: '3.0.3',
  info: { title: 't', version: '1' },
  paths: {
    '/things': {
      post: {
        operationId: 'createThing',
        requestBody: { $ref: '#/components/requestBodies/Thing' },
      },
    },
    '/plain': { post: { operationId: 'plain', requestBody: { content: { 'text/plain': { schema: { type: 'string' } } } } } },
  },
  components: {
    requestBodies: { Thing: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
    schemas: {
      Thing: {
        type: 'object',
        description: 'A thing.\n\nSecond paragraph, not kept.',
        required: ['kind', 'title'],
        properties: {
          id: { type: 'string', readOnly: true },
          title: { type: 'string' },
          kind: { $ref: '#/components/schemas/Kind' },
          parent: { $ref: '#/components/schemas/Thing' },
          level1: { type: 'object', properties: { level2: { type: 'object', properties: { level3: { type: 'object', properties: { level4: { type: 'string' } } } } } } },
          tagIds: { type: 'array', items: { type: 'string' }, example: ['7f8c'] },
          home: { type: 'string', example: 'https://example.org' },
          ownerId: { type: 'string', example: 'u-123' },
        },
      },
      Kind: { type: 'string', enum: ['small', 'large'], description: 'How big.' },
    },
  },
}

describe('bodySchemaOf', () => {
  const schema = bodySchemaOf(doc, '/things', 'post') as BodySchema

  it('inlines $refs of the body and its fields, and keeps enums and the first paragraph of descriptions', () => {
    expect(schema.description).toBe('A thing.')
    expect(schema.required).toEqual(['kind', 'title'])
    expect(schema.properties?.kind).toEqual({ type: 'string', description: 'How big.', enum: ['small', 'large'] })
  })

  it('leaves out read-only fields, which a request cannot set', () => {
    expect(Object.keys(schema.properties ?? {})).not.toContain('id')
  })

  it('cuts a schema that refers to itself instead of expanding it forever', () => {
    expect(schema.properties?.parent).toEqual({})
  })

  it('keeps three levels of fields, then only the type', () => {
    const level2 = schema.properties?.level1?.properties?.level2
    expect(level2?.properties?.level3).toEqual({ type: 'object' })
  })

  it('is undefined for an operation without a JSON body', () => {
    expect(bodySchemaOf(doc, '/plain', 'post')).toBeUndefined()
    expect(bodySchemaOf(doc, '/nowhere', 'get')).toBeUndefined()
  })
})

describe('exampleBody', () => {
  const schema = bodySchemaOf(doc, '/things', 'post') as BodySchema

  it('fills the required fields, and the optional ones the spec gives an example for', () => {
    expect(exampleBody(schema)).toEqual({ kind: 'small', title: '<title>', home: 'https://example.org' })
  })

  it('uses placeholders for ids even when the spec has an example id (it exists nowhere)', () => {
    const withIds: BodySchema = { type: 'object', required: ['ownerId', 'tagIds'], properties: schema.properties ?? {} }
    expect(exampleBody(withIds)).toMatchObject({ ownerId: '<ownerId>', tagIds: ['<tagId>'] })
  })

  it('takes defaults and types when there is no example', () => {
    const counts: BodySchema = {
      type: 'object',
      required: ['limit', 'flag', 'when', 'ratio'],
      properties: { limit: { type: 'integer', default: 25 }, flag: { type: 'boolean' }, when: { type: 'string', format: 'date-time' }, ratio: { type: 'number' } },
    }
    expect(exampleBody(counts)).toEqual({ limit: 25, flag: true, when: '2025-01-01T00:00:00Z', ratio: 1 })
  })
})

describe('orderedFields and singular', () => {
  it('lists required fields first, each group in spec order', () => {
    const schema = bodySchemaOf(doc, '/things', 'post') as BodySchema
    expect(orderedFields(schema).map(([name, , required]) => `${name}${required ? '*' : ''}`).slice(0, 4)).toEqual(['title*', 'kind*', 'parent', 'level1'])
  })

  it('names one item of a list field', () => {
    expect(['eventIds', 'entities', 'status', 'x'].map(singular)).toEqual(['eventId', 'entity', 'status', 'x'])
  })
})
