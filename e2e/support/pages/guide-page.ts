import { expect, type Locator, type Page } from '@playwright/test';
import type { MintedToken, TokenList } from '../../../lib/contracts/tokens';

/** A scenario's guided view (/scenarios/NAME) as a presenter uses it. */
export class GuidePage {
  constructor(
    readonly page: Page,
    readonly name: string,
  ) {}

  async goto(query = '') {
    await this.page.goto(`/scenarios/${this.name}${query}`);
    await this.ready();
  }

  /** Hydrated (keys and buttons work from here on) and the saved place read back from the server. */
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

  async at(n: number) {
    await expect(this.step).toHaveAttribute('data-step', String(n));
  }

  /** Opens step n from the progress bar. */
  async open(n: number) {
    await this.page
      .getByTestId('progress-step')
      .nth(n - 1)
      .click();
    await this.at(n);
  }

  /** Opens step n and runs every step before it ("Run to here"); `query` adds to the URL (&presenter=1). */
  async runUpTo(n: number, query = '') {
    await this.goto(`?step=${n}${query}`);
    await this.page.getByTestId('run-to-here').click();
    await expect(this.page.locator('[data-testid="progress-step"][data-verdict="expected"]')).toHaveCount(
      n - 1,
    );
  }

  /** Runs the open step and waits for its verdict. */
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

  async snap(n: number | string) {
    await this.page.screenshot({
      path: `test-results/screens/scenario-${this.name}-${n}.png`,
      fullPage: true,
    });
  }

  /** A held token as the server describes it (claims included), by the id a card shows. */
  async token(id: string | null): Promise<MintedToken> {
    const list = (await (await this.page.request.get('/api/tokens')).json()) as TokenList;
    const t = list.tokens.find((x) => x.id === id);
    if (!t) throw new Error(`token ${id} not held`);
    return t;
  }
}
