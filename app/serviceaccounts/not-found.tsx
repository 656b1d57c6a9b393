import { MissingPage } from '@/components/missing-page';

export default function NotFound() {
  return <MissingPage kind="namespace" />;
}
