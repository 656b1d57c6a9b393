import { describe, expect, it } from 'vitest';
import { authOf, commandName } from './contexts';

describe('authOf', () => {
  it('names how a user authenticates without any secret', () => {
    expect(authOf({ name: 'u', token: 'secret' }, 'kubeconfig-env')).toEqual({ kind: 'token' });
    expect(authOf({ name: 'u', certData: 'x', keyData: 'y' }, 'kubeconfig-env')).toEqual({
      kind: 'client-cert',
    });
    expect(authOf({ name: 'u', username: 'a', password: 'b' }, 'kubeconfig-env')).toEqual({ kind: 'basic' });
    expect(
      authOf(
        { name: 'u', exec: { command: '/usr/local/bin/aws', args: ['eks', 'get-token'] } } as never,
        'kubeconfig-env',
      ),
    ).toEqual({
      kind: 'exec',
      command: 'aws',
    });
    expect(
      authOf({ name: 'u', authProvider: { name: 'oidc', config: { 'id-token': 'x' } } }, 'kubeconfig-home'),
    ).toEqual({
      kind: 'auth-provider',
      name: 'oidc',
    });
    expect(authOf({ name: 'u', authProvider: { name: 'tokenFile', config: {} } }, 'in-cluster')).toEqual({
      kind: 'in-cluster',
    });
    expect(authOf({ name: 'u' }, 'kubeconfig-env')).toEqual({ kind: 'none' });
    expect(authOf(null, 'kubeconfig-env')).toEqual({ kind: 'none' });
  });

  it('keeps only a command’s file name, whatever the separator', () => {
    expect(commandName('C:\\Program Files\\kubelogin.exe')).toBe('kubelogin.exe');
    expect(commandName('gke-gcloud-auth-plugin')).toBe('gke-gcloud-auth-plugin');
  });
});
