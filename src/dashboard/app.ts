/** The dashboard shell: sign-in gate, header with breadcrumbs, the routed view, and the notice area. */
import { html } from 'htm/preact'
import type { VNode } from 'preact'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { createDashboardApi, type DashboardApi } from './api'
import { DEFAULT_PAGE_SIZE, parseRoute, routeHash, type Route } from './route'
import { ServicesContext, type Services } from './services'
import type { TokenStore } from './session'
import { ConfigsView } from './views/configs'
import { EventDetailView } from './views/event-detail'
import { EventLogView } from './views/event-log'
import { SignIn } from './views/sign-in'

interface Notice {
  id: number
  message: string
  tone: 'info' | 'error'
}

const NOTICE_MS = 6000

function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash))
  useEffect(() => {
    const onChange = (): void => setRoute(parseRoute(location.hash))
    window.addEventListener('hashchange', onChange)
    return () => window.removeEventListener('hashchange', onChange)
  }, [])
  return route
}

function Breadcrumbs({ route }: { route: Route }): VNode {
  const crumbs: Array<{ label: string; href: string }> = [{ label: 'Configs', href: routeHash({ view: 'configs' }) }]
  if (route.view !== 'configs') crumbs.push({ label: `Config ${route.configId}`, href: routeHash({ view: 'events', configId: route.configId, filters: { limit: DEFAULT_PAGE_SIZE } }) })
  if (route.view === 'event') crumbs.push({ label: `Event ${route.eventId}`, href: routeHash(route) })
  return html`<nav aria-label="Breadcrumbs" class="crumbs"><ol>
    ${crumbs.map((c, i) => html`<li><a href=${c.href} aria-current=${i === crumbs.length - 1 ? 'page' : undefined}>${c.label}</a></li>`)}
  </ol></nav>`
}

function View({ route }: { route: Route }): VNode {
  switch (route.view) {
    case 'configs':
      return html`<${ConfigsView} />`
    case 'events':
      return html`<${EventLogView} key=${route.configId} configId=${route.configId} filters=${route.filters} />`
    case 'event':
      return html`<${EventDetailView} key=${`${route.configId}|${route.eventId}`} configId=${route.configId} eventId=${route.eventId} />`
  }
}

export interface AppProps {
  /** Base URL of the engine's REST API (the dashboard is served from `<base>/dashboard/`). */
  baseURL: string
  tokens: TokenStore
}

export function App({ baseURL, tokens }: AppProps): VNode {
  const [token, setToken] = useState(tokens.get())
  const [signInReason, setSignInReason] = useState<string | undefined>(undefined)
  const [notices, setNotices] = useState<Notice[]>([])
  const nextNotice = useRef(1)
  const route = useHashRoute()

  const services = useMemo<Services | undefined>(() => {
    if (!token) return undefined
    const api: DashboardApi = createDashboardApi(baseURL, () => tokens.get())
    return {
      api,
      notify(message, tone = 'info') {
        const id = nextNotice.current++
        setNotices((list) => [...list.slice(-3), { id, message, tone }])
        setTimeout(() => setNotices((list) => list.filter((n) => n.id !== id)), NOTICE_MS)
      },
      unauthorized() {
        tokens.clear()
        setSignInReason('The server no longer accepts the token (was it restarted with a new one?). Sign in again.')
        setToken(undefined)
      },
    }
  }, [token, baseURL])

  // After each navigation, move focus to the new page's heading so keyboard and screen-reader users start there.
  const routeKey = routeHash(route)
  const firstRender = useRef(true)
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false
      return
    }
    document.querySelector<HTMLElement>('main h1')?.focus()
  }, [routeKey])

  const signOut = (): void => {
    tokens.clear()
    setSignInReason(undefined)
    setToken(undefined)
  }

  return html`<a class="skip" href="#main" onClick=${(e: Event) => {
      e.preventDefault()
      document.getElementById('main')?.focus()
    }}>Skip to content</a>
    <header class="top">
      <div class="brand"><span class="logo" aria-hidden="true">◆</span> epilot webhooks <span class="muted">· local engine</span></div>
      ${services ? html`<${Breadcrumbs} route=${route} /><button type="button" class="link" onClick=${signOut}>Sign out</button>` : null}
    </header>
    ${services
      ? html`<${ServicesContext.Provider} value=${services}><${View} route=${route} /><//>`
      : html`<${SignIn}
          apiFor=${(candidate: string) => createDashboardApi(baseURL, () => candidate)}
          reason=${signInReason}
          onSignedIn=${(accepted: string) => {
            tokens.set(accepted)
            setSignInReason(undefined)
            setToken(accepted)
          }} />`}
    <div class="notices" aria-live="polite" aria-relevant="additions">
      ${notices.map((n) => html`<div key=${n.id} class=${`notice notice-${n.tone}`} role=${n.tone === 'error' ? 'alert' : undefined}>${n.message}</div>`)}
    </div>
    <footer class="foot small muted">Keys: Tab moves, ↑/↓ or j/k move between events, / searches, Esc goes back. Times are in your time zone (hover for ISO).</footer>`
}
