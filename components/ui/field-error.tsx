/**
 * A field's problem in words, right under it. The live region stays in the page (empty when all is
 * well) so screen readers announce the message when it appears.
 */
export function FieldError({ id, field, message }: { id: string; field: string; message?: string }) {
  return (
    <div aria-live="polite" data-testid={`field-error-${field}`}>
      {message && (
        <p id={id} className="mt-1 text-sm text-red-700 dark:text-red-300">
          {message}
        </p>
      )}
    </div>
  );
}
