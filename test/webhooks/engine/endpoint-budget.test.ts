import { describe, expect, it } from 'vitest'
import { CircuitBreaker } from '../../../src/webhooks/engine/delivery/circuit-breaker'
import { EndpointBudget } from '../../../src/webhooks/engine/delivery/endpoint-budget'
import { EndpointGate } from '../../../src/webhooks/engine/delivery/endpoint-gate'

describe('endpoint budget', () => {
  it('admits up to the limit per origin, and again after a release', () => {
    const budget = new EndpointBudget(2)
    expect([budget.tryAcquire('a'), budget.tryAcquire('a'), budget.tryAcquire('a')]).toEqual([true, true, false])
    expect(budget.tryAcquire('b')).toBe(true)
    budget.release('a')
    expect(budget.count('a')).toBe(1)
    expect(budget.tryAcquire('a')).toBe(true)
    expect(new Map(budget.entries())).toEqual(new Map([['a', 2], ['b', 1]]))
  })
})

describe('endpoint gate', () => {
  const settings = { failureRatio: 0.5, minAttempts: 2, windowMs: 1000, probeIntervalMs: 100 }

  it('refuses an endpoint whose budget is used up, without touching its circuit', () => {
    const t = 0
    const gate = new EndpointGate(new EndpointBudget(1), new CircuitBreaker(settings, () => t))
    expect(gate.tryEnter('a')).toBe(true)
    expect(gate.tryEnter('a')).toBe(false)
    gate.leave('a')
    expect(gate.tryEnter('a')).toBe(true)
  })

  it('refuses an open endpoint and takes no budget for it; says when to look again', () => {
    let t = 0
    const breaker = new CircuitBreaker(settings, () => t)
    const gate = new EndpointGate(new EndpointBudget(5), breaker)
    breaker.record('a', 'failure')
    breaker.record('a', 'failure')
    expect(gate.tryEnter('a')).toBe(false)
    expect(gate.budget.count('a')).toBe(0)
    expect(gate.nextWakeMs()).toBe(100)
    t = 100
    expect(gate.tryEnter('a')).toBe(true) // the probe
    expect(gate.tryEnter('a')).toBe(false)
    gate.leave('a') // ended without an outcome: the next one probes
    expect(gate.tryEnter('a')).toBe(true)
  })
})
