export { createMemoryStore } from './memory'
export type {
  DeliveryJob,
  EngineStore,
  EventQuery,
  EventUpdate,
  HttpResponseRecord,
  StoredConfig,
  StoredEvent,
  StoredEventPage,
} from './types'
