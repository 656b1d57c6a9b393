import { MissingPageView } from '@/components/ui/missing-page-view';

// Server-rendered: the root not-found page is part of every page's tree, so a client component here
// would load its script with every page.
export default function NotFound() {
  return <MissingPageView kind="page" />;
}
