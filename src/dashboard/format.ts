/** Display formats: times in the viewer's zone, durations, and the datetime-local inputs of the time filter. */

let dateTime: Intl.DateTimeFormat | undefined

/** A timestamp in the viewer's locale and time zone, e.g. `5 Nov 2025, 13:01:13`; the input back when unparsable. */
export function formatTime(iso: string | undefined): string {
  if (!iso) return '—'
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) return iso
  dateTime ??= new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' })
  return dateTime.format(ms)
}

/** `ms` as `850 ms` or `2.4 s`. */
export function formatDuration(ms: number | undefined): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '—'
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`
}

const pad = (n: number): string => String(n).padStart(2, '0')

/** An ISO timestamp as the value of a `datetime-local` input (the viewer's zone, minutes). */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** A `datetime-local` value (the viewer's zone) as an ISO timestamp; undefined when empty or invalid. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined
  const d = new Date(value)
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString()
}
