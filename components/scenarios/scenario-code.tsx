import type { GuidedStep } from '@/lib/contracts/scenarios-api';
import { TokenCopyButton } from '@/components/tokens/token-copy-button';

// No 'use client': the guided view's page renders each step's code on the server and hands it over
// (issue 17: the browser does not carry these components for it); the "Why denied?" panel, loaded
// with a step's result, renders ScenarioYaml itself.

const codeClass =
  'block overflow-auto rounded-md bg-slate-100 p-3 font-mono text-xs leading-relaxed whitespace-pre dark:bg-slate-800';

/** A YAML document with a copy button; the text is the scenario's own file, never rewritten. */
export function ScenarioYaml({ label, text }: { label: string; text: string }) {
  return (
    <figure className="min-w-0 space-y-1" data-testid="step-yaml">
      <figcaption className="flex items-center justify-between gap-2">
        <span className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">
          {label}
        </span>
        <TokenCopyButton label="Copy YAML" text={text} />
      </figcaption>
      <pre className={`${codeClass} max-h-[36rem]`}>
        <code>{text.trimEnd()}</code>
      </pre>
    </figure>
  );
}

/** The kubectl and curl lines that do a step by hand, each with its own copy button. */
export function ScenarioCommands({ commands }: { commands: string[] }) {
  if (commands.length === 0) return null;
  return (
    <section aria-label="By hand" className="min-w-0 space-y-2" data-testid="step-commands">
      <h3 className="text-xs font-medium uppercase tracking-wide text-slate-500 dark:text-slate-400">
        By hand (kubectl / curl)
      </h3>
      <ul className="space-y-2">
        {commands.map((c) => (
          <li key={c} className="space-y-1">
            <code className={`${codeClass} whitespace-pre-wrap break-all`}>{c}</code>
            <TokenCopyButton
              label={`Copy ${c.startsWith('curl') ? 'curl ' : c.startsWith('kubectl') ? 'kubectl ' : ''}command`}
              text={c}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A step's YAML and commands, side by side on wide screens. */
export function ScenarioStepCode({ step }: { step: GuidedStep }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <ScenarioYaml label={step.yamlLabel} text={step.yaml} />
      <ScenarioCommands commands={step.commands} />
    </div>
  );
}
