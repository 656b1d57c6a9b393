import { expect, type Locator, type Page } from '@playwright/test';

/** The token workbench (/tokens) as a presenter uses it. */
export class TokenPage {
  constructor(
    readonly page: Page,
    readonly namespace = 'default',
  ) {}

  /** Opens the workbench (optionally prefilled by a query) and waits until the form can send. */
  async goto(query = '') {
    await this.page.goto(`/tokens${query}`);
    await expect(this.page.getByRole('heading', { name: 'Token workbench' })).toBeVisible();
    await expect(this.form.getByRole('button', { name: 'Request token' })).toBeEnabled();
  }

  get form(): Locator {
    return this.page.getByRole('form', { name: 'Request a token' });
  }

  get serviceAccountInput(): Locator {
    return this.form.getByLabel('ServiceAccount', { exact: true });
  }

  get cards(): Locator {
    return this.page.getByTestId('token-card');
  }

  /** The newest card for a ServiceAccount. */
  card(serviceAccount: string): Locator {
    return this.page.locator(`[data-testid="token-card"][data-service-account="${serviceAccount}"]`).first();
  }

  async tokenId(serviceAccount: string): Promise<string> {
    return (await this.card(serviceAccount).getAttribute('data-token-id')) ?? '';
  }

  /** Fills and sends the form; waits for the new card unless the API server is expected to refuse. */
  async requestToken(
    serviceAccount: string,
    opts: { actAs?: string; seconds?: number; refused?: boolean } = {},
  ) {
    const before = await this.cards.count();
    await this.form.getByLabel('Namespace', { exact: true }).fill(this.namespace);
    await this.serviceAccountInput.fill(serviceAccount);
    if (opts.seconds !== undefined) {
      await this.form.getByLabel('Custom').check();
      await this.form.getByLabel('Seconds').fill(String(opts.seconds));
    }
    await this.form.getByLabel('Mint as').selectOption(opts.actAs ? await this.tokenId(opts.actAs) : '');
    await this.form.getByRole('button', { name: 'Request token' }).click();
    if (opts.refused) await expect(this.form.getByTestId('mint-error')).not.toBeEmpty();
    else await expect(this.cards).toHaveCount(before + 1);
  }

  /** The countdown's remaining seconds (mm:ss or h:mm:ss; negative past exp). */
  async remainingSeconds(card: Locator): Promise<number> {
    const text = (await card.getByTestId('token-remaining').textContent()) ?? '';
    const sign = text.startsWith('−') ? -1 : 1;
    const parts = text.replace('−', '').split(':').map(Number);
    return sign * parts.reduce((acc, n) => acc * 60 + n, 0);
  }
}
