/**
 * A progress display for long runs on stderr: on a terminal one line redrawn in place
 * (`[#####.....] 120/1000 points · 35.2 points/s · ETA 25 s`); elsewhere a plain line every tenth
 * of the way (or every 10 s), so logs stay readable.
 */
export class Progress {
  private readonly start = Date.now();
  private lastLine = 0;
  private lastDecile = -1;

  constructor(
    private readonly write: (text: string) => void,
    private readonly tty: boolean,
    private readonly unit = 'points',
  ) {}

  /** Reports `done` of `total`. */
  update(done: number, total: number): void {
    const now = Date.now();
    const secs = Math.max(1e-3, (now - this.start) / 1e3);
    const rate = done / secs;
    const eta = rate > 0 ? (total - done) / rate : Infinity;
    const text = `${done}/${total} ${this.unit} · ${rate.toFixed(1)} ${this.unit}/s · ETA ${formatSeconds(eta)}`;
    if (this.tty) {
      if (now - this.lastLine < 100 && done < total) return;
      this.lastLine = now;
      const width = 24;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      this.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K`);
      return;
    }
    const decile = total > 0 ? Math.floor((done / total) * 10) : 0;
    if (decile !== this.lastDecile || now - this.lastLine > 10_000 || done === total) {
      this.lastDecile = decile;
      this.lastLine = now;
      this.write(`${text}\n`);
    }
  }

  /** Ends the display (a newline after a redrawn line). */
  finish(): void {
    if (this.tty) this.write('\n');
  }
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '—';
  if (s < 60) return `${Math.round(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}
