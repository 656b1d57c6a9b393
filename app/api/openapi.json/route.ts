import { openApiDocument } from '@/lib/contracts/openapi';
import { json, route } from '@/lib/http/route';

export const GET = route({ public: true }, async () => json(openApiDocument()));
