/**
 * What a page script must undo when it stops: listeners, observers, watchers.
 * The analyser and the finding interaction both leave the page as they found it.
 */
export class Cleanups {
  private readonly undo: (() => void)[] = [];

  add(fn: () => void): void {
    this.undo.push(fn);
  }

  /** addEventListener, with its removeEventListener kept for run(). */
  listen(target: EventTarget, type: string, fn: (e: Event) => void, opts?: AddEventListenerOptions): void {
    target.addEventListener(type, fn, opts);
    this.add(() => target.removeEventListener(type, fn, opts));
  }

  /** Undoes everything added so far, once; one failing step does not stop the others. */
  run(): void {
    for (const fn of this.undo.splice(0)) {
      try {
        fn();
      } catch {
        // keep cleaning
      }
    }
  }
}
