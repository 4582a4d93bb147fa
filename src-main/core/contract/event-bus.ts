import type { EventName, EventPayload } from '../../../src-shared/contract/events.ts';

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * Fan-out of contract events to every attached transport (IPC windows, WebSocket clients,
 * the CLI's printer). Emitting never throws into the core: a broken listener is isolated.
 */
export class EventBus {
  readonly #listeners = new Set<EventListener>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void) {
    this.#onListenerError = onListenerError;
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const listener of this.#listeners) {
      try {
        listener(event, payload);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}
