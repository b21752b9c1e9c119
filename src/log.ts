/** What the steps say, and how: the runner's log commands, or anything a test records. */
export interface Log {
  info(message: string): void
  /** `shown`: the job summary already says it, in a section of its own. */
  warning(message: string, properties?: { title?: string; shown?: boolean }): void
  notice(message: string, properties?: { title?: string }): void
  debug(message: string): void
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}
