import { expect, type Locator, type Page } from '@playwright/test';

/** The guided view of one scenario, as a presenter uses it: open, run up to a step, run it. */
export class Guide {
  constructor(
    readonly page: Page,
    readonly name: string,
  ) {}

  async goto(query = '') {
    await this.page.goto(`/scenarios/${this.name}${query}`);
    await this.ready();
  }

  /** Hydrated and the saved place read back from the server. */
  async ready() {
    const guide = this.page.getByTestId('scenario-guide');
    await expect(guide).toHaveAttribute('data-live', 'true');
    await expect(guide).toHaveAttribute('data-restored', 'true');
  }

  get step(): Locator {
    return this.page.getByTestId('scenario-step');
  }

  get verdict(): Locator {
    return this.step.getByTestId('step-verdict');
  }

  async open(n: number) {
    await this.page
      .getByTestId('progress-step')
      .nth(n - 1)
      .click();
    await expect(this.step).toHaveAttribute('data-step', String(n));
  }

  /** Opens step n and runs every step before it ("Run to here"); `query` adds to the URL (&presenter=1). */
  async runUpTo(n: number, query = '') {
    await this.goto(`?step=${n}${query}`);
    await this.page.getByTestId('run-to-here').click();
    await expect(this.page.locator('[data-testid="progress-step"][data-verdict="expected"]')).toHaveCount(
      n - 1,
    );
  }

  async run() {
    await this.step.getByTestId('step-run').click();
    await expect(this.step.getByTestId('step-run')).not.toHaveText('Running…');
    await expect(this.verdict).toBeVisible();
  }

  verdicts(): Promise<(string | null)[]> {
    return this.page
      .getByTestId('progress-step')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-verdict')));
  }
}
