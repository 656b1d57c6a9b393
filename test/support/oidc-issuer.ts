// A minimal OpenID Connect issuer for tests: HTTPS on 127.0.0.1 with a self-signed certificate
// (made with the openssl CLI), serving the discovery document and its JWKS as an identity provider
// does, and signing id-tokens with `jose`. The local control plane trusts it through an
// AuthenticationConfiguration (structured authentication, apiserver.config.k8s.io/v1) written here.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

export interface OidcIssuer {
  /** The issuer URL (`iss`), https://127.0.0.1:<port>. */
  url: string;
  /** The self-signed certificate the issuer serves, PEM (its own CA). */
  caPEM: string;
  /** Signs an id-token for `aud` with the issuer's key; `exp` in seconds since the epoch. */
  sign(claims: JWTPayload & { aud: string; exp: number }): Promise<string>;
  /** How many discovery and JWKS requests it answered (the API server fetches them). */
  requests(): number;
  close(): Promise<void>;
}

/** Starts an issuer whose files (key and certificate) live in `dir`. */
export async function startOidcIssuer(dir: string): Promise<OidcIssuer> {
  const keyFile = join(dir, 'issuer.key');
  const certFile = join(dir, 'issuer.crt');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=tokenscope-test-oidc-issuer',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
    ],
    { stdio: 'ignore' },
  );
  const caPEM = readFileSync(certFile, 'utf8');
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-1', alg: 'RS256', use: 'sig' };
  let url = '';
  let served = 0;
  const server: Server = createServer({ key: readFileSync(keyFile), cert: caPEM }, (req, res) => {
    served += 1;
    const json = (body: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/.well-known/openid-configuration')
      json({
        issuer: url,
        jwks_uri: `${url}/keys`,
        authorization_endpoint: `${url}/auth`,
        token_endpoint: `${url}/token`,
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    else if (req.url === '/keys') json({ keys: [jwk] });
    else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    caPEM,
    sign: (claims) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'test-1', typ: 'JWT' })
        .setIssuer(url)
        .setIssuedAt()
        .sign(privateKey),
    requests: () => served,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * Writes an AuthenticationConfiguration that trusts `issuer` for id-tokens of `audience`: the user
 * is `<prefix><sub>`, the groups `<prefix><groups[]>` (JSON is YAML). Returns the file's path.
 */
export function writeAuthenticationConfig(
  dir: string,
  issuer: OidcIssuer,
  { audience, prefix }: { audience: string; prefix: string },
): string {
  const file = join(dir, 'authentication-config.yaml');
  const config = {
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'AuthenticationConfiguration',
    jwt: [
      {
        issuer: { url: issuer.url, audiences: [audience], certificateAuthority: issuer.caPEM },
        claimMappings: {
          username: { claim: 'sub', prefix },
          groups: { claim: 'groups', prefix },
        },
      },
    ],
  };
  writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
  return file;
}
