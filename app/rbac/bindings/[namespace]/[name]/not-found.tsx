import { RbacTabs } from '@/components/rbac/rbac-tabs';
import { MissingPage } from '@/components/ui/missing-page';

export default function NotFound() {
  return (
    <>
      <RbacTabs path="/rbac/bindings" />
      <MissingPage kind="binding" />
    </>
  );
}
