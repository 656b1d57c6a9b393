import { ClusterForm } from '@/components/ui/cluster-link';
import { inputClass, primaryButtonClass } from '@/components/ui/form-styles';
import { graphKinds } from '@/lib/contracts/rbac-graph';

/**
 * The graph's question as a plain GET form, so the answer's URL can be shared and linked to.
 * Namespace is for ServiceAccounts, Roles and namespaces; name for all but namespaces.
 */
export function RbacGraphForm({ values }: { values: { kind?: string; namespace?: string; name?: string } }) {
  return (
    <ClusterForm
      method="get"
      action="/rbac/graph"
      className="grid gap-3 sm:grid-cols-[12rem_1fr_1fr_auto] sm:items-end"
      data-testid="graph-form"
    >
      <label className="space-y-1 text-sm">
        <span className="block font-medium">Kind</span>
        <select name="kind" defaultValue={values.kind ?? 'ServiceAccount'} className={inputClass}>
          {graphKinds.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label className="space-y-1 text-sm">
        <span className="block font-medium">Namespace</span>
        <input
          name="namespace"
          defaultValue={values.namespace ?? ''}
          placeholder="for ServiceAccount, Role, Namespace"
          autoComplete="off"
          spellCheck={false}
          className={inputClass}
        />
      </label>
      <label className="space-y-1 text-sm">
        <span className="block font-medium">Name</span>
        <input
          name="name"
          defaultValue={values.name ?? ''}
          placeholder="not for Namespace"
          autoComplete="off"
          spellCheck={false}
          className={inputClass}
        />
      </label>
      <button type="submit" className={primaryButtonClass}>
        Draw
      </button>
    </ClusterForm>
  );
}
