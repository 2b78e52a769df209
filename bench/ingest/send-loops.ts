// The two ways a load generator sends one slice's messages during a phase.
import type { CpuRows } from '../lib/tsbs-cpu.ts';

/** Sends one message for the slice's rows at `time` and resolves on its acknowledgement. */
export type Send = (seq: number, rows: CpuRows, time: number) => { encodeMs: number; sentAt: number; acked: Promise<void> };

/** One slice's sender and where it stands; `nextSeq` carries on from phase to phase. */
export interface SliceSender {
  rows: CpuRows;
  send: Send;
  nextSeq: number;
}

export interface PhaseTally {
  encodeMs: number;
  lateSends: number;
  onAck(latencyMs: number, points: number): void;
}

/** Closed loop: `window` in flight, the next one as soon as one is acknowledged, until `steps` messages or the deadline. */
export function saturate(slice: SliceSender, options: { steps: number; deadline: number; window: number }, tally: PhaseTally): Promise<void> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let inFlight = 0;
    let acked = 0;
    let steps = options.steps;
    const pump = () => {
      if (sent < steps && performance.now() > options.deadline) steps = sent;
      if (acked === steps && inFlight === 0) return resolve();
      while (inFlight < options.window && sent < steps) {
        inFlight++;
        sent++;
        sendOne(slice, tally).then(() => {
          inFlight--;
          acked++;
          pump();
        }, reject);
      }
    };
    pump();
  });
}

/**
 * Open loop at a fixed rate, as agents publish whatever the server's pace: message i is due at
 * start + offset + i × interval. A full window holds a due message back (counted as late when
 * by more than one interval) and it goes out with the next acknowledgement, so the offered
 * rate is kept unless the server cannot take it. Sending stops at the deadline.
 */
export function paced(slice: SliceSender, options: { messagesPerSecond: number; offsetMs: number; deadline: number; window: number }, tally: PhaseTally): Promise<void> {
  const intervalMs = 1000 / options.messagesPerSecond;
  return new Promise((resolve, reject) => {
    let due = performance.now() + options.offsetMs;
    let inFlight = 0;
    let timer: NodeJS.Timeout | undefined;
    const tick = () => {
      clearTimeout(timer);
      const now = performance.now();
      // Nothing goes out after the deadline, overdue or not: a server that fell behind the rate ends the phase on time, short of what was offered.
      const open = now < options.deadline;
      while (open && due <= now && inFlight < options.window) {
        if (now - due > intervalMs) tally.lateSends++;
        inFlight++;
        due += intervalMs;
        sendOne(slice, tally).then(() => {
          inFlight--;
          tick();
        }, reject);
      }
      if (!open || due >= options.deadline) {
        if (inFlight === 0) resolve();
        return;
      }
      // Due later: wait for its time. Due now with the window full: the next acknowledgement ticks.
      if (due > now) timer = setTimeout(tick, due - now);
    };
    tick();
  });
}

function sendOne(slice: SliceSender, tally: PhaseTally): Promise<void> {
  const time = slice.rows.advance();
  const sent = slice.send(slice.nextSeq++, slice.rows, time);
  tally.encodeMs += sent.encodeMs;
  return sent.acked.then(() => tally.onAck(performance.now() - sent.sentAt, slice.rows.hosts.length));
}
