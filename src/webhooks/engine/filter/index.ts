export { compileCondition, compileConditionGroup, type EventPredicate } from './conditions'
export { compileLegacyFilter } from './legacy'
export { compileGetter, compileValuesGetter, SCOPE_KEYS, type ValueGetter, type ValuesGetter } from './path'
