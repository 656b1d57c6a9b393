/** Text whose `backticked` parts (commands, names in a diagnosis) are shown as code. */
export function CodeText({ text }: { text: string }) {
  // Keys by offset: the parts of one fixed string, never reordered.
  let offset = 0;
  const parts = text.split(/`([^`]+)`/).map((part, i) => {
    const key = `${offset}`;
    offset += part.length + (i % 2 === 1 ? 2 : 0);
    return { part, key, code: i % 2 === 1 };
  });
  return (
    <>
      {parts.map(({ part, key, code }) =>
        code ? (
          <code
            key={key}
            className="rounded bg-black/5 px-1 font-mono text-[0.92em] break-words dark:bg-white/10"
          >
            {part}
          </code>
        ) : (
          <span key={key}>{part}</span>
        ),
      )}
    </>
  );
}
