import { RbacTabs } from '@/components/rbac/rbac-tabs';
import { MissingPageView } from '@/components/ui/missing-page-view';
import { pagePathSegments } from '@/lib/server/http/page-caller';

// Rendered on the server from the page's path: no script loads with the page for it (issue 17).
export default async function NotFound() {
  const [ns = '', name = ''] = await pagePathSegments('/rbac/bindings');
  return (
    <>
      <RbacTabs path="/rbac/bindings" />
      <MissingPageView kind="binding" ns={ns} name={name} />
    </>
  );
}
