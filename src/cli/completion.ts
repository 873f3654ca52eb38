/**
 * `epilot completion bash|zsh|fish`: a completion script generated from the program itself, so every service,
 * operation and flag the CLI has is completed, and nothing is listed by hand. The command tree is written into
 * the script (a TAB costs no node start); only profile names are asked of the CLI, when `--profile` is completed.
 */
import type { Command } from 'commander'
import type { ServiceCommands } from '../core/commands'

/** The shells a script can be printed for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const
export type Shell = (typeof SHELLS)[number]

/** One command of the tree: its words from the root, subcommands, flags, which flags take a value, its -p names. */
interface CompletionNode {
  path: string[]
  description: string
  subcommands: string[]
  flags: string[]
  valueFlags: string[]
  params: string[]
}

function flagsOf(command: Command): { flags: string[]; valueFlags: string[] } {
  const flags = ['-h', '--help']
  const valueFlags: string[] = []
  for (const option of command.options) {
    const names = [option.short, option.long].filter((name): name is string => Boolean(name))
    flags.push(...names)
    if (option.required || option.optional) valueFlags.push(...names)
  }
  return { flags, valueFlags }
}

/** The `-p` names of the operation at `path` (`[service, operationId]`), from its service's table. */
function paramNames(path: readonly string[], services: Readonly<Record<string, ServiceCommands>>): string[] {
  if (path.length !== 2) return []
  const operation = services[path[0] as string]?.commands.find((spec) => spec.operationId === path[1])
  return operation?.parameters.map((param) => param.name) ?? []
}

function walk(command: Command, path: string[], services: Readonly<Record<string, ServiceCommands>>, out: CompletionNode[]): void {
  const visible = command.commands.filter((sub) => !(sub as Command & { _hidden?: boolean })._hidden)
  out.push({
    path,
    description: command.summary() || command.description().split('\n')[0] || '',
    subcommands: visible.map((sub) => sub.name()),
    ...flagsOf(command),
    params: paramNames(path, services),
  })
  for (const sub of visible) walk(sub, [...path, sub.name()], services, out)
}

/** Single-quotes a word for bash and zsh. */
function sq(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`
}

function bashScript(nodes: CompletionNode[], invocation: string): string {
  const cases = nodes
    .map((node) => {
      const key = node.path.join(' ')
      const lines = [
        `    ${sq(key)})`,
        `      words=${sq([...node.subcommands, ...node.flags].join(' '))}`,
        `      value_flags=${sq(node.valueFlags.join(' '))}`,
        `      params=${sq(node.params.map((name) => `${name}=`).join(' '))}`,
        '      ;;',
      ]
      return lines.join('\n')
    })
    .join('\n')
  return `# epilot completion for bash. Load it in this shell:   source <(${invocation} completion bash)
# or for every shell: ${invocation} completion bash > ~/.local/share/bash-completion/completions/epilot

# Sets words, value_flags and params for the command whose words are $1.
_epilot_node() {
  words='' value_flags='' params=''
  case "$1" in
${cases}
  esac
}

_epilot_completion() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" path="" i word words value_flags params skip=0
  (( COMP_CWORD > 1 )) && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  # The command words typed so far: each word that names a subcommand of the path before it; flag values are skipped.
  for (( i = 1; i < COMP_CWORD; i++ )); do
    word="\${COMP_WORDS[i]}"
    if (( skip )); then skip=0; continue; fi
    _epilot_node "$path"
    if [[ "$word" == -* ]]; then
      [[ "$word" != *=* && " $value_flags " == *" $word "* ]] && skip=1
      continue
    fi
    _epilot_node "\${path:+$path }$word"
    [[ -n "$words" ]] && path="\${path:+$path }$word"
  done
  _epilot_node "$path"
  if [[ -n "$prev" && " $value_flags " == *" $prev "* ]]; then
    case "$prev" in
      -p|--param) COMPREPLY=( $(compgen -W "$params" -- "$cur") ); compopt -o nospace 2>/dev/null ;;
      --profile) COMPREPLY=( $(compgen -W "$("\${COMP_WORDS[0]}" profile list --names 2>/dev/null)" -- "$cur") ) ;;
      *) COMPREPLY=() ;;
    esac
    return 0
  fi
  if [[ "$path" == completion ]]; then
    COMPREPLY=( $(compgen -W ${sq(SHELLS.join(' '))} -- "$cur") )
    return 0
  fi
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}

complete -F _epilot_completion epilot
`
}

function zshScript(nodes: CompletionNode[], invocation: string): string {
  // zsh runs bash completion functions through bashcompinit; one script to keep, the same behaviour in both.
  return `#compdef epilot
# epilot completion for zsh. Load it in this shell:   source <(${invocation} completion zsh)
autoload -U +X compinit && compinit
autoload -U +X bashcompinit && bashcompinit
${bashScript(nodes, invocation).replace(/^# epilot completion for bash.*\n# or for every shell.*\n/, '')}`
}

/** Escapes a word for fish single quotes. */
function fq(word: string): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
}

function fishScript(nodes: CompletionNode[], invocation: string): string {
  const lines = [
    `# epilot completion for fish. Load it in this shell:   ${invocation} completion fish | source`,
    `# or for every shell: ${invocation} completion fish > ~/.config/fish/completions/epilot.fish`,
    'complete -c epilot -f',
  ]
  for (const node of nodes) {
    // Under this command, and not yet under one of its subcommands.
    const seen = node.path.map((word) => `__fish_seen_subcommand_from ${word}`)
    const notDeeper = node.subcommands.length ? [`not __fish_seen_subcommand_from ${node.subcommands.join(' ')}`] : []
    const condition = node.path.length ? [...seen, ...notDeeper].join('; and ') : '__fish_use_subcommand'
    const byName = new Map(nodes.map((other) => [other.path.join(' '), other]))
    for (const sub of node.subcommands) {
      const description = byName.get([...node.path, sub].join(' '))?.description ?? ''
      lines.push(`complete -c epilot -n ${fq(condition)} -a ${fq(sub)} -d ${fq(description.slice(0, 60))}`)
    }
    if (!node.path.length) continue
    const flagCondition = seen.join('; and ')
    for (const flag of node.flags.filter((name) => name.startsWith('--'))) {
      const takesValue = node.valueFlags.includes(flag)
      const short = node.flags[node.flags.indexOf(flag) - 1]
      const shortPart = short && /^-[^-]$/.test(short) ? ` -s ${short.slice(1)}` : ''
      let values = ''
      if (flag === '--param' && node.params.length) values = ` -a ${fq(node.params.map((name) => `${name}=`).join(' '))}`
      if (flag === '--profile') values = " -a '(epilot profile list --names 2>/dev/null)'"
      lines.push(`complete -c epilot -n ${fq(flagCondition)}${shortPart} -l ${flag.slice(2)}${takesValue ? ' -r' : ''}${values}`)
    }
    if (node.path.join(' ') === 'completion') lines.push(`complete -c epilot -n ${fq(flagCondition)} -a ${fq(SHELLS.join(' '))}`)
  }
  return `${lines.join('\n')}\n`
}

/**
 * The completion script for `shell`, from the program's command tree; `services` gives each operation its `-p`
 * names. The script completes the command `epilot`; `invocation` only shows in its comment on how to load it.
 */
export function completionScript(shell: Shell, program: Command, services: Readonly<Record<string, ServiceCommands>>, invocation: string): string {
  const nodes: CompletionNode[] = []
  walk(program, [], services, nodes)
  if (shell === 'bash') return bashScript(nodes, invocation)
  if (shell === 'zsh') return zshScript(nodes, invocation)
  return fishScript(nodes, invocation)
}
