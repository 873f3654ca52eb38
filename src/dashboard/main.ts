/** Browser entry: mounts the dashboard into #app. The API lives one level above `/dashboard/`. */
import { html } from 'htm/preact'
import { render } from 'preact'
import { App } from './app'
import { sessionTokenStore } from './session'

const root = document.getElementById('app')
if (root) {
  root.textContent = ''
  const baseURL = new URL('..', location.href).href.replace(/\/$/, '')
  render(html`<${App} baseURL=${baseURL} tokens=${sessionTokenStore()} />`, root)
}
