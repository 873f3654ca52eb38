/** Sign in with the server's bearer token; it is checked against the API before it is kept. */
import { html } from 'htm/preact'
import type { VNode } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import { errorMessage, isUnauthorized, type DashboardApi } from '../api'

export interface SignInProps {
  /** The API for a candidate token (not yet stored). */
  apiFor(token: string): DashboardApi
  onSignedIn(token: string): void
  /** Why the user is here again (e.g. the token stopped working). */
  reason: string | undefined
}

export function SignIn({ apiFor, onSignedIn, reason }: SignInProps): VNode {
  const [error, setError] = useState<string | VNode | undefined>(reason)
  const [busy, setBusy] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => input.current?.focus(), [])

  async function submit(event: Event): Promise<void> {
    event.preventDefault()
    const token = input.current?.value.trim() ?? ''
    if (!token) {
      setError('Enter the token first.')
      input.current?.focus()
      return
    }
    setBusy(true)
    setError(undefined)
    try {
      await apiFor(token).checkToken()
      onSignedIn(token)
    } catch (failure) {
      setError(
        isUnauthorized(failure)
          ? html`The server refused this token. Copy it again from the terminal that runs <code>epilot webhooks serve</code>.`
          : errorMessage(failure),
      )
      input.current?.select()
    } finally {
      setBusy(false)
    }
  }

  return html`<main id="main" class="sign-in">
    <form method="post" onSubmit=${submit} aria-describedby="token-help" novalidate>
      <h1>Sign in</h1>
      <p id="token-help">
        Paste the bearer token that <code>epilot webhooks serve</code> printed as <em>Token:</em> (or the one you gave it
        with <code>--token</code>). It stays in this browser tab only.
      </p>
      <label for="token">Bearer token</label>
      <input id="token" ref=${input} type="password" autocomplete="off" spellcheck=${false} aria-invalid=${error ? 'true' : 'false'} aria-errormessage="token-error" />
      ${error ? html`<p id="token-error" class="form-error" role="alert">${error}</p>` : null}
      <button type="submit" class="primary" disabled=${busy}>${busy ? 'Checking…' : 'Sign in'}</button>
    </form>
  </main>`
}
