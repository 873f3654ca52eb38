/** What every view gets from the app: the API, notices, and what to do when the token stops working. */
import { createContext } from 'preact'
import { useContext, useLayoutEffect, useRef, useState } from 'preact/hooks'
import { errorMessage, isUnauthorized, type DashboardApi } from './api'
import { startPolling, type Poller } from './poll'

export interface Services {
  api: DashboardApi
  /** Shows a short notice (also read out by screen readers). */
  notify(message: string, tone?: 'info' | 'error'): void
  /** The server refused the token: sign out and say why. */
  unauthorized(): void
}

export const ServicesContext = createContext<Services | undefined>(undefined)

export function useServices(): Services {
  const services = useContext(ServicesContext)
  if (!services) throw new Error('useServices() outside <ServicesContext.Provider>')
  return services
}

/** The state of data that refreshes itself. */
export interface Live<T> {
  data: T | undefined
  /** Message of the last failed refresh; cleared by the next success. */
  error: string | undefined
  /** Pause before the next try after a failure. */
  retryInMs: number | undefined
  /** Time of the last successful refresh (epoch ms). */
  updatedAt: number | undefined
  /** Refresh now (after an action). */
  refresh(): void
}

const MAX_POLL_MS = 30_000

/**
 * Loads `load()` now and every `intervalMs` while mounted (backing off after failures, slower in a hidden tab,
 * at once when the tab shows again); starts over when `key` changes.
 */
export function useLive<T>(load: () => Promise<T>, key: string, intervalMs: number): Live<T> {
  const services = useServices()
  const [state, setState] = useState<Omit<Live<T>, 'refresh'>>({ data: undefined, error: undefined, retryInMs: undefined, updatedAt: undefined })
  const poller = useRef<Poller | undefined>(undefined)
  const loader = useRef(load)
  loader.current = load

  // A layout effect starts the first request right after the render, instead of a frame later.
  useLayoutEffect(() => {
    let alive = true
    setState({ data: undefined, error: undefined, retryInMs: undefined, updatedAt: undefined })
    const current = startPolling({
      run: async () => {
        const data = await loader.current()
        if (alive) setState({ data, error: undefined, retryInMs: undefined, updatedAt: Date.now() })
      },
      intervalMs,
      maxIntervalMs: MAX_POLL_MS,
      isHidden: () => document.visibilityState === 'hidden',
      onError: (error, retryInMs) => {
        if (!alive) return
        if (isUnauthorized(error)) {
          current.stop()
          services.unauthorized()
          return
        }
        setState((s) => ({ ...s, error: errorMessage(error), retryInMs }))
      },
    })
    poller.current = current
    const onVisibility = (): void => {
      if (document.visibilityState === 'visible') current.refresh()
    }
    document.addEventListener('visibilitychange', onVisibility)
    return () => {
      alive = false
      current.stop()
      document.removeEventListener('visibilitychange', onVisibility)
    }
  }, [key])

  return { ...state, refresh: () => poller.current?.refresh() }
}

/**
 * Runs an action (replay, trigger, enable…) with a busy flag; failures become a notice (401 signs out).
 * Resolves to the action's result, or undefined when it failed.
 */
export function useAction(): { busy: boolean; run<R>(action: () => Promise<R>): Promise<R | undefined> } {
  const services = useServices()
  const [busy, setBusy] = useState(false)
  return {
    busy,
    async run(action) {
      setBusy(true)
      try {
        return await action()
      } catch (error) {
        if (isUnauthorized(error)) services.unauthorized()
        else services.notify(errorMessage(error), 'error')
        return undefined
      } finally {
        setBusy(false)
      }
    },
  }
}
