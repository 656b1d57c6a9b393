// What the ChunkBoundary says about a failure: a chunk that cannot be downloaded needs a reload (the
// lazy() import stays rejected), anything else is a bug in that part of the page.

/** Turbopack and webpack name it ChunkLoadError; native dynamic import() fails with these messages. */
const CHUNK_FAILURE =
  /Failed to load chunk|Loading chunk .* failed|dynamically imported module|Importing a module script failed/i;

/** Whether an error thrown out of a lazy region means its code could not be downloaded. */
export function isChunkLoadError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return err.name === 'ChunkLoadError' || CHUNK_FAILURE.test(err.message);
}

/** One sentence for the boundary's panel: why this part of the page is missing. */
export function describeRegionFailure(err: unknown): string {
  if (isChunkLoadError(err)) {
    return 'Its code could not be downloaded: Tokenscope may have been updated since this page was opened, or the network dropped.';
  }
  const message = err instanceof Error ? err.message : String(err);
  return `It failed while rendering: ${message || 'no message'}.`;
}
