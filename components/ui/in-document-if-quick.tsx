import { type ReactNode, Suspense } from 'react';

/**
 * Renders `children(data)` in the document when the data is ready within `ms`; otherwise streams
 * `fallback` (the shell and a loading state reach the browser at once) and the content after it.
 * React reveals a streamed Suspense boundary about 300 ms after the first paint (it batches
 * reveals), so data ready sooner is shown sooner inside the document (env().inDocumentMs, 300 ms by
 * default). A rejection (a redirect included) propagates either way.
 */
export async function InDocumentIfQuick<T>({
  data,
  fallback,
  children,
  ms,
}: {
  data: Promise<T>;
  fallback: ReactNode;
  children: (value: T) => ReactNode;
  ms: number;
}) {
  let timer: Parameters<typeof clearTimeout>[0];
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  try {
    const quick = await Promise.race([data.then((value) => ({ value })), late]);
    if (quick) return children(quick.value);
  } finally {
    clearTimeout(timer);
  }
  return (
    <Suspense fallback={fallback}>
      <Later data={data}>{children}</Later>
    </Suspense>
  );
}

async function Later<T>({ data, children }: { data: Promise<T>; children: (value: T) => ReactNode }) {
  return children(await data);
}
