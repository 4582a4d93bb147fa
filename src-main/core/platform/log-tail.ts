/**
 * `logs.tail`: the last lines of the current log. pino-roll numbers its files `longbox.N.log`
 * and writes to the highest N, so that one is current. Only the end of the file is read (in
 * chunks, backwards): logs grow to 10 MB before they roll.
 */
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { LogLine } from '../../../src-shared/contract/logs.ts';

const LOG_NAME = /^longbox\.(\d+)\.log$/;
const CHUNK = 64 * 1024;
/** Enough for 2000 ordinary lines; a runaway line cannot make us read the whole file. */
const MAX_READ = 4 * 1024 * 1024;

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

export async function newestLogFile(logDir: string): Promise<string | null> {
  const names = await readdir(logDir).catch(() => [] as string[]);
  let best: { name: string; n: number } | null = null;
  for (const name of names) {
    const match = LOG_NAME.exec(name);
    if (match && (!best || Number(match[1]) > best.n)) best = { name, n: Number(match[1]) };
  }
  return best && path.join(logDir, best.name);
}

async function lastLines(file: string, count: number): Promise<string[]> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    let start = size;
    let text = '';
    // count + 1 newlines guarantee `count` whole lines (the first piece may be cut).
    while (start > 0 && size - start < MAX_READ && (text.match(/\n/g)?.length ?? 0) <= count) {
      const length = Math.min(CHUNK, start);
      start -= length;
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, start);
      text = buffer.toString('utf8') + text;
    }
    const pieces = text.split('\n');
    // Unless we reached the file's start, the first piece may be the tail of a cut record.
    if (start > 0) pieces.shift();
    return pieces.filter((line) => line.trim() !== '').slice(-count);
  } finally {
    await handle.close();
  }
}

function parseLine(line: string): LogLine {
  try {
    const record = JSON.parse(line) as { time?: unknown; level?: unknown; msg?: unknown; err?: { message?: unknown } };
    const level = typeof record.level === 'number' ? (LEVELS[record.level] ?? String(record.level)) : String(record.level ?? '');
    const parts = [record.msg, record.err?.message].filter((part) => typeof part === 'string' && part !== '');
    return { time: typeof record.time === 'number' ? record.time : null, level, message: parts.join(': ') };
  } catch {
    return { time: null, level: '', message: line };
  }
}

export async function tailLog(logDir: string, count: number): Promise<{ file: string | null; lines: LogLine[] }> {
  const file = await newestLogFile(logDir);
  if (!file) return { file: null, lines: [] };
  return { file: path.basename(file), lines: (await lastLines(file, count)).map(parseLine) };
}
