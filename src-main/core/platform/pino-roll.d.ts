// pino-roll ships no types; this is the subset Longbox uses.
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino';
  interface PinoRollOptions {
    file: string;
    size?: string | number;
    frequency?: string | number;
    extension?: string;
    mkdir?: boolean;
    limit?: { count?: number };
  }
  export default function pinoRoll(
    options: PinoRollOptions,
  ): Promise<DestinationStream & { end(): void; on(event: 'error', listener: (error: Error) => void): unknown }>;
}
