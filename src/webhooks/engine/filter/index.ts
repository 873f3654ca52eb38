export { compileCondition, compileConditionGroup, type EventPredicate } from './conditions'
export { compileLegacyFilter } from './legacy'
export { compileGetter, compileValuesVisitor, SCOPE_KEYS, type ValueGetter, type ValuesVisitor } from './path'
