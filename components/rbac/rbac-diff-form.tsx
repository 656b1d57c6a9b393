import { ClusterForm } from '@/components/ui/cluster-link';
import { inputClass, primaryButtonClass } from '@/components/ui/form-styles';

const subjectKinds = ['ServiceAccount', 'User', 'Group'] as const;
type Values = { kind?: string; namespace?: string; name?: string };

function Side({ side, values }: { side: 'a' | 'b'; values: Values }) {
  return (
    <fieldset className="grid gap-2 rounded-lg border border-slate-200 p-3 sm:grid-cols-[10rem_1fr_1fr] dark:border-slate-800">
      <legend className="px-1 text-sm font-semibold">Subject {side.toUpperCase()}</legend>
      <label className="space-y-1 text-sm">
        <span className="block">Kind</span>
        <select name={`${side}.kind`} defaultValue={values.kind ?? 'ServiceAccount'} className={inputClass}>
          {subjectKinds.map((k) => (
            <option key={k}>{k}</option>
          ))}
        </select>
      </label>
      <label className="space-y-1 text-sm">
        <span className="block">Namespace</span>
        <input
          name={`${side}.namespace`}
          defaultValue={values.namespace ?? ''}
          placeholder="ServiceAccounts only"
          autoComplete="off"
          spellCheck={false}
          className={inputClass}
        />
      </label>
      <label className="space-y-1 text-sm">
        <span className="block">Name</span>
        <input
          name={`${side}.name`}
          defaultValue={values.name ?? ''}
          autoComplete="off"
          spellCheck={false}
          className={inputClass}
        />
      </label>
    </fieldset>
  );
}

/** Two subjects to compare, as a GET form so the comparison's URL can be shared. */
export function RbacDiffForm({ a, b }: { a: Values; b: Values }) {
  return (
    <ClusterForm method="get" action="/rbac/diff" className="space-y-3" data-testid="diff-form">
      <div className="grid gap-3 lg:grid-cols-2">
        <Side side="a" values={a} />
        <Side side="b" values={b} />
      </div>
      <button type="submit" className={primaryButtonClass}>
        Compare
      </button>
    </ClusterForm>
  );
}
