/**
 * A few workers that take jobs until none is left. One that finds none waits while another is
 * busy rather than ending, since a job in hand may still hand out more (a split, a retry).
 */
export class Workers<Job> {
  private busy = 0
  private wake: () => void = () => undefined
  private woken = new Promise<void>((resolve) => (this.wake = resolve))

  constructor(
    /** The next job, or undefined when there is none for now. */
    private readonly take: () => Job | undefined,
    /** Must not throw: a worker that threw would leave its jobs to the others. */
    private readonly carry: (job: Job) => Promise<void>,
    /** Ends every worker at its next job, whatever is left. */
    private readonly over: () => boolean
  ) {}

  async run(count: number): Promise<void> {
    await Promise.all(Array.from({ length: Math.max(1, count) }, () => this.work()))
  }

  private signal(): void {
    this.wake()
    this.woken = new Promise<void>((resolve) => (this.wake = resolve))
  }

  private async work(): Promise<void> {
    while (!this.over()) {
      const job = this.take()
      if (job === undefined) {
        if (this.busy === 0) return this.signal()
        await this.woken
        continue
      }
      this.busy++
      try {
        await this.carry(job)
      } finally {
        this.busy--
        this.signal()
      }
    }
  }
}
