import type { WhoCanQuery } from '@/lib/contracts/rbac';

/** The attributes of a resource request, as RBAC matches them (SubjectAccessReview's resourceAttributes). */
export type RequestField = keyof Pick<WhoCanQuery, 'verb' | 'group' | 'resource' | 'subresource' | 'namespace' | 'name'>;

const FIELDS: Record<RequestField, { label: string; placeholder?: string }> = {
  verb: { label: 'Verb' },
  group: { label: 'API group', placeholder: 'core' },
  resource: { label: 'Resource' },
  subresource: { label: 'Subresource', placeholder: 'token, log…' },
  namespace: { label: 'Namespace', placeholder: '(cluster-wide)' },
  name: { label: 'Name', placeholder: '(any)' },
};
export const REQUEST_FIELDS = Object.keys(FIELDS) as RequestField[];

/** A monospace input of the request forms. */
export const requestInputClass =
  'rounded-md border border-slate-300 bg-white px-2 py-1.5 font-mono text-sm dark:border-slate-700 dark:bg-slate-900';

/**
 * Labelled inputs for a resource request (verb, group, resource, subresource, namespace, name), named
 * by the attribute so a form's data reads as the request; shared by "Who can" and "Can it …?".
 */
export function RequestFields({
  idPrefix,
  fields = REQUEST_FIELDS,
  defaults = {},
  required = ['verb', 'resource'],
  suggestions = {},
  widths = {},
}: {
  /** Unique on the page: the suggestion lists' ids start with it. */
  idPrefix: string;
  fields?: RequestField[];
  defaults?: Partial<Record<RequestField, string>>;
  required?: RequestField[];
  /** Values offered while typing (from discovery, or the usual verbs). */
  suggestions?: Partial<Record<RequestField, string[]>>;
  /** Tailwind width per field; w-36 otherwise. */
  widths?: Partial<Record<RequestField, string>>;
}) {
  return fields.map((key) => {
    const list = suggestions[key] ?? [];
    const listId = list.length > 0 ? `${idPrefix}-${key}-list` : undefined;
    return (
      <label key={key} className="flex flex-col gap-1 text-sm">
        <span className="font-medium">{FIELDS[key].label}</span>
        <input
          name={key}
          defaultValue={defaults[key] ?? ''}
          placeholder={FIELDS[key].placeholder}
          required={required.includes(key)}
          list={listId}
          autoComplete="off"
          spellCheck={false}
          className={`${requestInputClass} ${widths[key] ?? 'w-36'}`}
        />
        {listId && (
          <datalist id={listId}>
            {list.map((v) => (
              <option key={v} value={v} />
            ))}
          </datalist>
        )}
      </label>
    );
  });
}
