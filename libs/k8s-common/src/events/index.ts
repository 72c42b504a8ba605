export { EventRecorder } from './event-recorder.ts';
export type { EventRecorderOptions } from './event-recorder.ts';
export { NOTE_MAX_BYTES, objectReference, truncateUtf8 } from './event-fields.ts';
export type { EventSeries, EventType, KubeEvent, ObjectReference } from './event-fields.ts';
export { formatMicroTime } from './micro-time.ts';
export { SpamFilter } from './spam-filter.ts';
export type { SpamFilterOptions } from './spam-filter.ts';
