/**
 * @module formats/axml/res-anomaly
 * Anomalies of Android resource formats (binary XML, resources.arsc): things that are wrong in the file but that
 * the parser could read past. They are data for the checks (manifest obfuscation is a finding of its own), so they
 * carry a stable `kind` and say whether the Android platform itself would refuse the file.
 */

export interface ResAnomaly {
  /** Stable, kebab-case kind (e.g. `attribute-name-mismatch`); checks match on it. */
  kind: string;
  message: string;
  /** Byte offset of the structure involved, when there is one. */
  offset?: number;
  /**
   * True when the platform parser (AOSP libandroidfw ResXMLTree / ResStringPool / ResTable) rejects this, so the
   * app would not install or the value would be unreadable on a device; absent when the platform tolerates it.
   */
  rejectedByPlatform?: true;
}

/** Hostile files can repeat one defect millions of times; keep memory bounded. */
const MAX_ANOMALIES = 256;

/** Collects anomalies, keeping one per (kind, offset) and at most MAX_ANOMALIES in all. */
export class AnomalyLog {
  private readonly list: ResAnomaly[] = [];
  private readonly seen = new Set<string>();
  private dropped = 0;

  add(kind: string, message: string, offset?: number, rejectedByPlatform = false): void {
    const key = `${kind}@${offset ?? ''}`;
    if (this.seen.has(key)) return;
    if (this.list.length >= MAX_ANOMALIES) {
      this.dropped++;
      return;
    }
    this.seen.add(key);
    const a: ResAnomaly = { kind, message };
    if (offset !== undefined) a.offset = offset;
    if (rejectedByPlatform) a.rejectedByPlatform = true;
    this.list.push(a);
  }

  /** The anomalies, with a final `anomalies-truncated` entry when some were dropped. */
  all(): ResAnomaly[] {
    if (this.dropped === 0) return this.list;
    return [
      ...this.list,
      {
        kind: 'anomalies-truncated',
        message: `${this.dropped} more anomalies were not recorded (limit ${MAX_ANOMALIES}); the file is heavily malformed`,
      },
    ];
  }
}
