import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { ClusterAuth } from '@/lib/contracts/clusters';
import { type DiagnosisInput, cleanStderr, diagnose, noCredentials } from './cluster-diagnosis';

const server = 'https://api.example.com:6443/some/path';
const input = (auth: ClusterAuth, phase: DiagnosisInput['phase'] = 'request'): DiagnosisInput => ({
  phase,
  context: 'prod',
  server,
  auth,
  timeoutMs: 8000,
});
const sysError = (code: string, extra: Record<string, string> = {}) =>
  Object.assign(new Error(`${code} happened`), { code, ...extra });
const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl';

describe('diagnose: getting credentials', () => {
  it('names a missing plugin and where a known one comes from', () => {
    const d = diagnose(
      sysError('ENOENT', { syscall: 'spawn aws', path: 'aws' }),
      input({ kind: 'exec', command: 'aws' }, 'credentials'),
    );
    expect(d.problem).toBe('exec-not-found');
    expect(d.summary).toBe('The credential plugin `aws` is not on the PATH of the Tokenscope server.');
    expect(d.hints[0]).toContain('the AWS CLI');
    const gke = diagnose(
      sysError('ENOENT', { syscall: 'spawn gke-gcloud-auth-plugin' }),
      input({ kind: 'exec', command: 'gke-gcloud-auth-plugin' }, 'credentials'),
    );
    expect(gke.hints[0]).toContain('gcloud components install gke-gcloud-auth-plugin');
    const other = diagnose(
      sysError('ENOENT', { syscall: 'spawn my-plugin' }),
      input({ kind: 'exec', command: 'my-plugin' }, 'credentials'),
    );
    expect(other.hints[0]).toContain('aws, gke-gcloud-auth-plugin, kubelogin');
  });

  it('says a plugin that is there but not executable is not executable', () => {
    const d = diagnose(
      sysError('EACCES', { syscall: 'spawn kubelogin' }),
      input({ kind: 'exec', command: 'kubelogin' }, 'credentials'),
    );
    expect(d).toMatchObject({
      problem: 'exec-not-found',
      summary: 'The credential plugin `kubelogin` is not executable.',
    });
  });

  it('quotes a failing plugin’s stderr, flattened, bounded and without tokens', () => {
    const d = diagnose(
      new Error(`error: token ${jwt} refused\n\n  Authorization: Bearer abcdefghijklmnop\n`),
      input({ kind: 'exec', command: 'aws' }, 'credentials'),
    );
    expect(d.problem).toBe('exec-failed');
    expect(d.summary).toBe(
      'The credential plugin `aws` exited with an error: error: token [redacted-jwt] refused Authorization: Bearer [redacted]',
    );
    expect(d.summary).not.toContain('eyJ');
    expect(cleanStderr('x'.repeat(1000))).toHaveLength(400);
    expect(diagnose(new Error(''), input({ kind: 'exec', command: 'aws' }, 'credentials')).summary).toMatch(
      /printed nothing on stderr/,
    );
  });

  it('tells output that is not JSON apart from a failure', () => {
    const d = diagnose(
      new SyntaxError('Unexpected token'),
      input({ kind: 'exec', command: 'aws' }, 'credentials'),
    );
    expect(d).toMatchObject({ problem: 'exec-failed' });
    expect(d.summary).toMatch(/not an ExecCredential/);
  });

  it('names a missing certificate file', () => {
    const d = diagnose(
      sysError('ENOENT', { syscall: 'open', path: '/home/ada/.kube/ca.crt' }),
      input({ kind: 'client-cert' }, 'credentials'),
    );
    expect(d).toMatchObject({
      problem: 'kubeconfig',
      summary: 'A file the kubeconfig names for this context does not exist: /home/ada/.kube/ca.crt.',
    });
  });

  it('blames an auth-provider for its own failure', () => {
    const d = diagnose(
      new Error('discovery failed'),
      input({ kind: 'auth-provider', name: 'oidc' }, 'credentials'),
    );
    expect(d).toMatchObject({
      problem: 'auth-provider',
      summary: 'The `oidc` auth-provider could not get credentials: discovery failed',
    });
  });

  it('times out a plugin with the interactive-login hint', () => {
    const d = diagnose('timeout', input({ kind: 'exec', command: 'kubelogin' }, 'credentials'));
    expect(d).toMatchObject({
      problem: 'timeout',
      summary: 'The credential plugin `kubelogin` did not finish within 8 s.',
    });
    expect(d.hints[0]).toContain('kubectl --context prod get ns');
  });
});

describe('diagnose: talking to the API server', () => {
  it('maps 401, 403 and other statuses from the Status body', () => {
    const e401 = new ApiException(
      401,
      'Unauthorized',
      '{"kind":"Status","message":"Unauthorized","reason":"Unauthorized"}',
      {},
    );
    expect(diagnose(e401, input({ kind: 'token' }))).toMatchObject({
      problem: 'unauthorized',
      summary:
        "The API server at https://api.example.com:6443 rejected this context's credentials (401 Unauthorized).",
    });
    expect(diagnose(e401, input({ kind: 'token' })).hints[0]).toMatch(/token has expired or was revoked/);
    expect(diagnose(e401, input({ kind: 'client-cert' })).hints[0]).toMatch(/client certificate/);
    const e403 = new ApiException(
      403,
      'Forbidden',
      { message: 'User "system:anonymous" cannot create resource', reason: 'Forbidden' },
      {},
    );
    expect(diagnose(e403, input({ kind: 'none' }))).toMatchObject({ problem: 'forbidden' });
    expect(diagnose(e403, input({ kind: 'none' })).summary).toContain('system:anonymous');
    expect(diagnose(new ApiException(503, 'x', '', {}), input({ kind: 'token' }))).toMatchObject({
      problem: 'server-error',
      summary: 'The API server at https://api.example.com:6443 answered 503 InternalError.',
    });
  });

  it('tells the three certificate problems apart, also when fetch wraps them', () => {
    const wrapped = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: sysError(code) });
    expect(diagnose(wrapped('SELF_SIGNED_CERT_IN_CHAIN'), input({ kind: 'token' })).summary).toMatch(
      /authority the kubeconfig does not trust \(SELF_SIGNED_CERT_IN_CHAIN\)/,
    );
    expect(
      diagnose(
        Object.assign(new Error('x'), { name: 'FetchError', code: 'ERR_TLS_CERT_ALTNAME_INVALID' }),
        input({ kind: 'token' }),
      ).summary,
    ).toBe(
      "The API server's certificate does not name the host in the kubeconfig (https://api.example.com:6443).",
    );
    expect(diagnose(wrapped('CERT_HAS_EXPIRED'), input({ kind: 'token' })).summary).toMatch(/has expired/);
    for (const code of [
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'CERT_HAS_EXPIRED',
      'EPROTO',
    ]) {
      expect(diagnose(wrapped(code), input({ kind: 'token' })).problem).toBe('certificate');
    }
  });

  it('says why a server is unreachable, with its URL and without its path', () => {
    expect(diagnose(sysError('ECONNREFUSED'), input({ kind: 'token' })).summary).toBe(
      'Cannot reach the API server at https://api.example.com:6443: nothing accepts connections there (connection refused).',
    );
    expect(
      diagnose(
        Object.assign(new Error('x'), { name: 'FetchError', code: 'ENOTFOUND' }),
        input({ kind: 'token' }),
      ).summary,
    ).toMatch(/does not resolve \(DNS\)/);
    expect(diagnose('timeout', input({ kind: 'token' }))).toMatchObject({
      problem: 'timeout',
      summary: 'The API server at https://api.example.com:6443 did not answer within 8 s.',
    });
    expect(
      diagnose(Object.assign(new Error('aborted'), { name: 'AbortError' }), input({ kind: 'token' })).problem,
    ).toBe('timeout');
  });

  it('never echoes an unknown error’s message', () => {
    const d = diagnose(new Error(`boom ${jwt}`), input({ kind: 'token' }));
    expect(d.problem).toBe('unknown');
    expect(JSON.stringify(d)).not.toContain('boom');
  });
});

describe('noCredentials', () => {
  it('explains an expired OIDC id-token that cannot be renewed', () => {
    expect(noCredentials({ auth: { kind: 'auth-provider', name: 'oidc' }, context: 'x' })).toMatchObject({
      problem: 'auth-provider',
    });
    expect(noCredentials({ auth: { kind: 'exec', command: 'aws' }, context: 'x' }).summary).toMatch(
      /neither a token nor a client certificate/,
    );
    expect(noCredentials({ auth: { kind: 'token' }, context: 'x' }).problem).toBe('kubeconfig');
  });
});
