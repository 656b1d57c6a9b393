import { RbacTabs } from '@/components/rbac/rbac-tabs';
import { MissingPageView } from '@/components/ui/missing-page-view';
import { pagePathSegments } from '@/lib/server/http/page-caller';

// Rendered on the server from the page's path: no script loads with the page for it (issue 17).
export default async function NotFound() {
  const [ns = '', name = ''] = await pagePathSegments('/rbac/roles');
  return (
    <>
      <RbacTabs path="/rbac/roles" />
      <MissingPageView kind="role" ns={ns} name={name} />
    </>
  );
}
