import Link from '@/components/ui/cluster-link';
import type { SubjectDto } from '@/lib/contracts/rbac';

/** A subject's kind and name; ServiceAccounts link to their detail page. */
export function RbacSubject({ subject }: { subject: SubjectDto }) {
  const kind = <span className="text-xs text-slate-500 dark:text-slate-400">{subject.kind}</span>;
  if (subject.kind === 'ServiceAccount' && subject.namespace) {
    return (
      <span>
        {kind}{' '}
        <Link
          href={`/serviceaccounts/${encodeURIComponent(subject.namespace)}/${encodeURIComponent(subject.name)}`}
          className="font-mono text-sky-700 hover:underline dark:text-sky-300"
        >
          {subject.namespace}/{subject.name}
        </Link>
      </span>
    );
  }
  return (
    <span>
      {kind} <span className="font-mono">{subject.name}</span>
    </span>
  );
}
