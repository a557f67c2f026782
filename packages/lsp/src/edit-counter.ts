// Edits the host has counted (startServer's `receivedEdits`) against those the server has handled:
// while an edit is on its way, checks are held, and released when it is handled. A count that does
// not catch up within a second (a message lost on the way) is dropped with a log line, never a hang.

/** How long checks wait for an edit the host counted before that count is no longer trusted (ms). */
export const EDIT_WAIT_LIMIT_MS = 1000;

export class EditCounter {
  private handledCount = 0;
  private readonly held = new Set<string>();
  private limit: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly received: (() => number) | undefined,
    /** Checks the entries again (their checks were held). */
    private readonly release: (entries: string[]) => void,
    private readonly log: (message: string) => void,
  ) {}

  /** True while the host has counted an edit the server has not handled yet. */
  waiting(): boolean {
    return this.received !== undefined && this.received() > this.handledCount;
  }

  /** An edit handler ran: held checks go on once no other edit is on its way. */
  handled(): void {
    if (this.received === undefined) return;
    // Never ahead of the host's count (an edit it was given up on may still arrive late).
    this.handledCount = Math.min(this.handledCount + 1, this.received());
    if (this.held.size > 0 && !this.waiting()) this.releaseHeld();
  }

  /** Holds the check of `entry` until the edit on its way is handled. */
  hold(entry: string): void {
    this.held.add(entry);
    this.limit ??= setTimeout(() => {
      this.limit = undefined;
      if (this.waiting()) {
        const missing = this.received!() - this.handledCount;
        this.log(
          `nnet-lsp: ${missing} edit${missing === 1 ? '' : 's'} counted by the host never arrived within ${EDIT_WAIT_LIMIT_MS} ms; checking without ${missing === 1 ? 'it' : 'them'}`,
        );
        this.handledCount = this.received!();
      }
      this.releaseHeld();
    }, EDIT_WAIT_LIMIT_MS);
  }

  private releaseHeld(): void {
    clearTimeout(this.limit);
    this.limit = undefined;
    const entries = [...this.held];
    this.held.clear();
    this.release(entries);
  }
}
