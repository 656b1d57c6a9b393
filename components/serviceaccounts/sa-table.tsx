'use client';

import Link from '@/components/ui/cluster-link';
import type { ServiceAccountSummary } from '@/lib/contracts/serviceaccounts';
import { formatAge } from './sa-format';
import { useVirtualRows } from './sa-virtual-rows';

export const SA_ROW_HEIGHT = 44;
const VIEWPORT_ROWS = 14;

const columns: { label: string; width: string }[] = [
  { label: 'Namespace', width: '16%' },
  { label: 'Name', width: '28%' },
  { label: 'Automount', width: '10%' },
  { label: 'Age', width: '7%' },
  { label: 'Pods', width: '6%' },
  { label: 'Bindings', width: '11%' },
  { label: 'Legacy token', width: '10%' },
  { label: 'Mints tokens', width: '12%' },
];

const cell = 'truncate whitespace-nowrap px-3';

function Badge({ tone, children, title }: { tone: 'amber' | 'red' | 'slate'; children: string; title: string }) {
  const tones = {
    amber: 'bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200',
    slate: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-300',
    red: 'bg-red-100 text-red-800 dark:bg-red-900/40 dark:text-red-200',
  };
  return (
    <span
      title={title}
      className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${tones[tone]}`}
    >
      {children}
    </span>
  );
}

function Row({ sa, now, index }: { sa: ServiceAccountSummary; now: number; index: number }) {
  const href = `/serviceaccounts/${encodeURIComponent(sa.namespace)}/${encodeURIComponent(sa.name)}`;
  return (
    <tr
      aria-rowindex={index + 2}
      data-testid="sa-row"
      data-name={`${sa.namespace}/${sa.name}`}
      style={{ height: SA_ROW_HEIGHT }}
      className="border-b border-slate-100 text-sm hover:bg-sky-50 dark:border-slate-800 dark:hover:bg-slate-800/60"
    >
      <td className={`${cell} text-slate-600 dark:text-slate-300`}>{sa.namespace}</td>
      <td className={`${cell} font-medium`}>
        <Link href={href} className="text-sky-700 hover:underline dark:text-sky-300">
          {sa.name}
        </Link>
      </td>
      <td className={cell}>
        {sa.automount === false ? 'off' : sa.automount === true ? 'on' : 'default (on)'}
      </td>
      <td suppressHydrationWarning className={`${cell} tabular-nums text-slate-600 dark:text-slate-300`}>
        {formatAge(sa.createdAt, now)}
      </td>
      <td className={`${cell} tabular-nums`}>{sa.podCount}</td>
      <td
        className={`${cell} tabular-nums`}
        title={`${sa.directBindingCount ?? 0} name it directly, the rest reach it through its groups`}
      >
        {sa.bindingCount}
        {sa.directBindingCount ? (
          <span className="text-slate-500"> ({sa.directBindingCount} direct)</span>
        ) : null}
      </td>
      <td className={cell}>
        {sa.legacyTokensUnreadable && (
          <Badge tone="slate" title={sa.legacyTokensUnreadable}>
            unreadable
          </Badge>
        )}
        {sa.legacyTokenCount > 0 && (
          <Badge
            tone="amber"
            title="Secret-based token that never expires"
          >{`legacy ×${sa.legacyTokenCount}`}</Badge>
        )}
      </td>
      <td className={cell}>
        {sa.canMintTokens && (
          <Badge tone="red" title="May create serviceaccounts/token, acting as other ServiceAccounts">
            can mint
          </Badge>
        )}
      </td>
    </tr>
  );
}

/** The ServiceAccounts table: a sticky header and windowed rows; asks for the next page near the end. */
export function SaTable({
  items,
  now,
  onNearEnd,
}: {
  items: ServiceAccountSummary[];
  now: number;
  onNearEnd?: () => void;
}) {
  const viewportHeight = SA_ROW_HEIGHT * VIEWPORT_ROWS;
  const { ref, onScroll, start, end, padTop, padBottom } = useVirtualRows({
    count: items.length,
    rowHeight: SA_ROW_HEIGHT,
    viewportHeight,
    onNearEnd,
  });
  return (
    <section
      ref={ref}
      onScroll={onScroll}
      // The scroll container must be reachable by keyboard so the rows can be scrolled without a mouse.
      // biome-ignore lint/a11y/noNoninteractiveTabindex: scrollable region.
      tabIndex={0}
      aria-label="ServiceAccounts, scrollable"
      style={{ maxHeight: viewportHeight + 40 }}
      className="overflow-auto rounded-lg border border-slate-200 bg-white shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <table
        className="w-full min-w-[56rem] table-fixed"
        aria-rowcount={items.length + 1}
        data-testid="sa-table"
      >
        <caption className="sr-only">ServiceAccounts</caption>
        <colgroup>
          {columns.map((c) => (
            <col key={c.label} style={{ width: c.width }} />
          ))}
        </colgroup>
        <thead className="sticky top-0 z-10 bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500 dark:bg-slate-800 dark:text-slate-400">
          <tr aria-rowindex={1} className="h-10">
            {columns.map((c) => (
              <th key={c.label} scope="col" className="px-3">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {padTop > 0 && <tr aria-hidden style={{ height: padTop }} />}
          {items.slice(start, end).map((sa, i) => (
            <Row key={sa.uid || `${sa.namespace}/${sa.name}`} sa={sa} now={now} index={start + i} />
          ))}
          {padBottom > 0 && <tr aria-hidden style={{ height: padBottom }} />}
        </tbody>
      </table>
    </section>
  );
}
