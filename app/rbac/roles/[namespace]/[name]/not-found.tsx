import { MissingPage } from '@/components/ui/missing-page';

export default function NotFound() {
  return <MissingPage kind="role" />;
}
