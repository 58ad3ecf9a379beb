/** A promise a test opens by hand, to hold one side of a race exactly where the test wants it. */
export class Gate {
  readonly opened: Promise<void>;
  open!: () => void;

  constructor() {
    this.opened = new Promise((resolve) => (this.open = resolve));
  }
}
