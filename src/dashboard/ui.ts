/** Small shared pieces: status chips, timestamps, copy buttons, empty states, the live-status line. */
import { html } from 'htm/preact'
import type { ComponentChildren, VNode } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import { formatTime } from './format'
import type { Tone } from './model'

/** A coloured status label. */
export function Chip({ tone, children, title }: { tone: Tone; children: ComponentChildren; title?: string }): VNode {
  return html`<span class=${`chip chip-${tone}`} title=${title}>${children}</span>`
}

/** A timestamp in the viewer's zone; the ISO value shows on hover (and is the machine-readable `datetime`). */
export function Time({ iso }: { iso: string | undefined }): VNode {
  if (!iso) return html`<span class="muted">—</span>`
  return html`<time datetime=${iso} title=${iso}>${formatTime(iso)}</time>`
}

async function writeClipboard(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text)
      return
    } catch {
      // fall through to the selection-based copy (e.g. clipboard permission denied)
    }
  }
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.className = 'offscreen'
  document.body.append(area)
  area.select()
  const copied = document.execCommand('copy')
  area.remove()
  if (!copied) throw new Error('copy failed')
}

/** A button that copies `text`; says "Copied" for a moment (announced to screen readers). */
export function CopyButton({ text, label }: { text: string; label: string }): VNode {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  useEffect(() => {
    if (state === 'idle') return
    const timer = setTimeout(() => setState('idle'), 1500)
    return () => clearTimeout(timer)
  }, [state])
  const onClick = (): void => {
    writeClipboard(text).then(
      () => setState('copied'),
      () => setState('failed'),
    )
  }
  const shown = state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : 'Copy'
  return html`<button type="button" class="copy" aria-label=${`Copy ${label}`} onClick=${onClick}>
    <span aria-live="polite">${shown}</span>
  </button>`
}

/** An id in monospace with its copy button. */
export function CopyableId({ id, label }: { id: string; label: string }): VNode {
  return html`<span class="id"><code>${id}</code><${CopyButton} text=${id} label=${label} /></span>`
}

/** What to show when there is nothing yet, and what to do about it. */
export function EmptyState({ title, children }: { title: string; children: ComponentChildren }): VNode {
  return html`<div class="empty" role="status"><h3>${title}</h3>${children}</div>`
}

/** "Live · updated 12:01:13", or the last error and when the next try is. */
export function LiveStatus({ updatedAt, error, retryInMs }: { updatedAt: number | undefined; error: string | undefined; retryInMs: number | undefined }): VNode {
  if (error) {
    const retry = retryInMs === undefined ? '' : ` Retrying in ${Math.round(retryInMs / 1000)} s.`
    return html`<p class="live live-error" role="alert">Could not refresh: ${error}.${retry}</p>`
  }
  if (updatedAt === undefined) return html`<p class="live">Loading…</p>`
  const iso = new Date(updatedAt).toISOString()
  return html`<p class="live"><span class="dot" aria-hidden="true"></span> Live · updated <${Time} iso=${iso} /></p>`
}
