'use client';

import { TokenCopyButton } from '@/components/tokens/token-copy-button';

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
        <TokenCopyButton label="Copy YAML" getText={() => text} />
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
              getText={() => c}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
