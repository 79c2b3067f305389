/**
 * Tracks the best value of one logged metric (shared by early stopping, checkpoints and
 * ReduceLROnPlateau): 'min' for losses, 'max' for accuracies, improvement beyond minDelta.
 */
import { WorkbookError } from '../errors';
import { Logs } from './callback';
import { checkNumber, checkObject, checkString } from '../validate';

export type MonitorMode = 'min' | 'max';

/** 'auto' picks max for accuracy-like names, min otherwise (as Keras does). */
export function monitorMode(monitor: string, mode: 'min' | 'max' | 'auto'): MonitorMode {
  checkString('monitorMode', 'monitor', monitor, false);
  checkString('monitorMode', 'mode', mode, false);
  if (mode !== 'auto') return mode;
  return /acc|auc|f1|precision|recall/i.test(monitor) ? 'max' : 'min';
}

export class Monitor {
  best = NaN;
  bestEpoch = -1;
  constructor(
    readonly where: string,
    readonly name: string,
    readonly mode: MonitorMode,
    readonly minDelta = 0,
  ) {
    checkString('Monitor', 'where', where, false);
    checkString('Monitor', 'name', name, false);
    checkString('Monitor', 'mode', mode, false);
    if (minDelta !== undefined) checkNumber('Monitor', 'minDelta', minDelta);
  }

  reset(): void {
    this.best = NaN;
    this.bestEpoch = -1;
  }

  /** The monitored value in logs; a clear error when it is not logged (e.g. val_loss without validationData). */
  value(logs: Logs): number {
    checkObject('Monitor.value', 'logs', logs);
    const v = logs[this.name];
    if (typeof v !== 'number') {
      throw new WorkbookError(
        this.where,
        'monitor',
        this.name,
        `a logged metric: ${Object.keys(logs).join(', ')}`,
        `${this.where}: monitor "${this.name}" is not in the epoch logs (${Object.keys(logs).join(', ')}); pass validationData to fit for val_* metrics`,
      );
    }
    return v;
  }

  /** Records the epoch's value; true when it improves on the best by more than minDelta. */
  update(logs: Logs, epoch = -1): boolean {
    checkObject('Monitor.update', 'logs', logs);
    if (epoch !== undefined) checkNumber('Monitor.update', 'epoch', epoch);
    const v = this.value(logs);
    const better =
      Number.isNaN(this.best) || (this.mode === 'min' ? v < this.best - this.minDelta : v > this.best + this.minDelta);
    if (better) {
      this.best = v;
      this.bestEpoch = epoch;
    }
    return better;
  }
}
