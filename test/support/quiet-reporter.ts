/**
 * The reporter `npm test` uses: a passing run prints the summary only; a failing run prints each failing file
 * with its failing tests, their console output and the error details. Files with skipped tests get their line
 * (and what they printed, e.g. why they were skipped), so a skip is never silent.
 *
 * For every file and slow test: `npx vitest run --reporter=default`.
 */
import type { UserConsoleLog } from 'vitest'
import { DefaultReporter, type TestModule } from 'vitest/node'

export default class QuietReporter extends DefaultReporter {
  override printTestModule(testModule: TestModule): void {
    if (testModule.state() === 'failed' || hasSkipped(testModule)) super.printTestModule(testModule)
  }

  override onTestModuleEnd(testModule: TestModule): void {
    super.onTestModuleEnd(testModule)
    // Console output of passing files is hidden (silent: 'passed-only'); a skipping file's explains the skip.
    if (testModule.state() !== 'failed' && hasSkipped(testModule)) {
      // `task` is not in the public types; it is what BaseReporter itself reads for a failed file's logs.
      const { task } = testModule as unknown as { task: { logs?: UserConsoleLog[] } }
      for (const log of task.logs ?? []) this.onUserConsoleLog(log, 'failed')
    }
  }
}

function hasSkipped(testModule: TestModule): boolean {
  for (const test of testModule.children.allTests()) {
    if (test.result().state === 'skipped' && test.options.mode !== 'todo') return true
  }
  return false
}
