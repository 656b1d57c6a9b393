// Every route module under app/api by its URL path, for /api/openapi.json (Next offers no way to list
// routes at run time). test/integration/openapi.test.ts walks app/api and fails when a route.ts is
// missing here or filed under another path.
import * as clustersCheck from '../clusters/check/route';
import * as clusters from '../clusters/route';
import * as events from '../events/route';
import * as healthz from '../healthz/route';
import * as identity from '../identity/route';
import * as namespacesNsBoundObjects from '../namespaces/[ns]/bound-objects/route';
import * as namespacesNsServiceaccountsNameLeastPrivilegeCopy from '../namespaces/[ns]/serviceaccounts/[name]/least-privilege/copy/route';
import * as namespacesNsServiceaccountsNameLeastPrivilege from '../namespaces/[ns]/serviceaccounts/[name]/least-privilege/route';
import * as namespacesNsServiceaccountsNameCanI from '../namespaces/[ns]/serviceaccounts/[name]/can-i/route';
import * as namespacesNsServiceaccountsNamePermissions from '../namespaces/[ns]/serviceaccounts/[name]/permissions/route';
import * as namespacesNsServiceaccountsName from '../namespaces/[ns]/serviceaccounts/[name]/route';
import * as rbacBindings from '../rbac/bindings/route';
import * as rbacRiskProve from '../rbac/risk/prove/route';
import * as rbacRisk from '../rbac/risk/route';
import * as rbacTokenMinters from '../rbac/token-minters/route';
import * as rbacWhoCan from '../rbac/who-can/route';
import * as scenariosNameApply from '../scenarios/[name]/apply/route';
import * as scenariosNameDelete from '../scenarios/[name]/delete/route';
import * as scenariosNameGrant from '../scenarios/[name]/grant/route';
import * as scenariosNameProgress from '../scenarios/[name]/progress/route';
import * as scenariosNameProject from '../scenarios/[name]/project/route';
import * as scenariosNameStaleUses from '../scenarios/[name]/stale-uses/route';
import * as scenariosNameTeardown from '../scenarios/[name]/teardown/route';
import * as scenarios from '../scenarios/route';
import * as serviceaccounts from '../serviceaccounts/route';
import * as session from '../session/route';
import * as tokensIdProbe from '../tokens/[id]/probe/route';
import * as tokensIdRequests from '../tokens/[id]/requests/route';
import * as tokensIdReveal from '../tokens/[id]/reveal/route';
import * as tokensIdReview from '../tokens/[id]/review/route';
import * as tokensIdVerify from '../tokens/[id]/verify/route';
import * as tokensId from '../tokens/[id]/route';
import * as tokensIdWhoami from '../tokens/[id]/whoami/route';
import * as tokensImport from '../tokens/import/route';
import * as tokens from '../tokens/route';
import type { RouteHandler } from '@/lib/server/http/route';

export type RouteModule = Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', RouteHandler>>;

export const apiRoutes: Record<string, RouteModule> = {
  '/api/clusters/check': clustersCheck,
  '/api/clusters': clusters,
  '/api/events': events,
  '/api/healthz': healthz,
  '/api/identity': identity,
  '/api/namespaces/{ns}/bound-objects': namespacesNsBoundObjects,
  '/api/namespaces/{ns}/serviceaccounts/{name}/can-i': namespacesNsServiceaccountsNameCanI,
  '/api/namespaces/{ns}/serviceaccounts/{name}/least-privilege/copy':
    namespacesNsServiceaccountsNameLeastPrivilegeCopy,
  '/api/namespaces/{ns}/serviceaccounts/{name}/least-privilege':
    namespacesNsServiceaccountsNameLeastPrivilege,
  '/api/namespaces/{ns}/serviceaccounts/{name}/permissions': namespacesNsServiceaccountsNamePermissions,
  '/api/namespaces/{ns}/serviceaccounts/{name}': namespacesNsServiceaccountsName,
  '/api/rbac/bindings': rbacBindings,
  '/api/rbac/risk/prove': rbacRiskProve,
  '/api/rbac/risk': rbacRisk,
  '/api/rbac/token-minters': rbacTokenMinters,
  '/api/rbac/who-can': rbacWhoCan,
  '/api/scenarios/{name}/apply': scenariosNameApply,
  '/api/scenarios/{name}/delete': scenariosNameDelete,
  '/api/scenarios/{name}/grant': scenariosNameGrant,
  '/api/scenarios/{name}/progress': scenariosNameProgress,
  '/api/scenarios/{name}/project': scenariosNameProject,
  '/api/scenarios/{name}/stale-uses': scenariosNameStaleUses,
  '/api/scenarios/{name}/teardown': scenariosNameTeardown,
  '/api/scenarios': scenarios,
  '/api/serviceaccounts': serviceaccounts,
  '/api/session': session,
  '/api/tokens/{id}/probe': tokensIdProbe,
  '/api/tokens/{id}/requests': tokensIdRequests,
  '/api/tokens/{id}/reveal': tokensIdReveal,
  '/api/tokens/{id}/review': tokensIdReview,
  '/api/tokens/{id}/verify': tokensIdVerify,
  '/api/tokens/{id}': tokensId,
  '/api/tokens/{id}/whoami': tokensIdWhoami,
  '/api/tokens/import': tokensImport,
  '/api/tokens': tokens,
};
