import type { ReactNode } from 'react';
import { RbacTabs } from '@/components/rbac/rbac-tabs';

/** Every /rbac page: the section tabs, then the page. */
export default function RbacLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <RbacTabs />
      {children}
    </>
  );
}
