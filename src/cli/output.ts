/** How response bodies are printed. */
export interface OutputStyle {
  /** One line of raw JSON (`--json`). */
  compact: boolean
  /** ANSI colours (stdout is a terminal and NO_COLOR is not set). */
  color: boolean
}

/** Colours on when the stream is a terminal, unless NO_COLOR is set (https://no-color.org) or FORCE_COLOR asks for them. */
export function wantsColor(stream: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR) return false
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true
  return Boolean(stream.isTTY) && env.TERM !== 'dumb'
}

// ANSI foreground colours, written directly: node:util's styleText checks process.stdout itself on some
// Node versions, and the CLI decides about colour for the stream it actually writes to.
const COLORS = { blue: 34, green: 32, yellow: 33, magenta: 35, gray: 90 } as const
function styleText(color: keyof typeof COLORS, text: string): string {
  return `\u001b[${COLORS[color]}m${text}\u001b[39m`
}

// One token of pretty-printed JSON: a key (string followed by a colon), a string, a number, or a literal.
const JSON_TOKEN = /("(?:\\.|[^"\\])*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b/g

function colorize(json: string): string {
  return json.replace(JSON_TOKEN, (match, str: string | undefined, colon: string | undefined, num: string | undefined, literal: string | undefined) => {
    if (str !== undefined) return colon !== undefined ? `${styleText('blue', str)}${colon}` : styleText('green', str)
    if (num !== undefined) return styleText('yellow', num)
    if (literal !== undefined) return styleText(literal === 'null' ? 'gray' : 'magenta', literal)
    return match
  })
}

/** Renders a JSON value: pretty (coloured on a terminal) or one line with `--json`. */
export function formatJson(value: unknown, style: OutputStyle): string {
  if (style.compact) return JSON.stringify(value)
  const pretty = JSON.stringify(value, null, 2)
  return style.color ? colorize(pretty) : pretty
}

/** A response body as read: parsed JSON, other text, or nothing at all. */
export type ResponseBody = { kind: 'json'; value: unknown } | { kind: 'text'; text: string } | { kind: 'empty' }

/** Parses a body as JSON when it is JSON (by content type or by content); keeps it as text otherwise. */
export function readBody(text: string, contentType: string | null): ResponseBody {
  if (text.length === 0) return { kind: 'empty' }
  const looksJson = /[/+]json\b/i.test(contentType ?? '') || /^\s*[[{"]/.test(text)
  if (looksJson) {
    try {
      return { kind: 'json', value: JSON.parse(text) as unknown }
    } catch {
      // Not JSON after all: print it as it came.
    }
  }
  return { kind: 'text', text }
}

/** Renders a body for stdout, newline-terminated; an empty body (or a JSONata result of nothing) renders as nothing. */
export function formatBody(body: ResponseBody, style: OutputStyle): string {
  if (body.kind === 'empty') return ''
  if (body.kind === 'text') return body.text.endsWith('\n') ? body.text : `${body.text}\n`
  if (body.value === undefined) return ''
  return `${formatJson(body.value, style)}\n`
}
