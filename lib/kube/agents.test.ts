import { Agent as HttpAgent } from 'node:http';
import { Agent } from 'node:https';
import { describe, expect, it } from 'vitest';
import { pooledAgent, pooledAgents } from './agents';

describe('pooledAgent', () => {
  it('shares one keep-alive agent between requests with the same TLS settings', () => {
    const a = pooledAgent(new Agent({ ca: 'CA-1', servername: 'api' }));
    const b = pooledAgent(new Agent({ ca: 'CA-1', servername: 'api' }));
    expect(a).toBe(b);
    expect(a).toBeInstanceOf(Agent);
    expect((a as Agent & { keepAlive: boolean }).keepAlive).toBe(true);
    expect(pooledAgents()).toContain(a);
  });

  it('never lends a connection across different CAs, client certificates or verification', () => {
    const base = pooledAgent(new Agent({ ca: 'CA-2' }));
    expect(pooledAgent(new Agent({ ca: 'CA-3' }))).not.toBe(base);
    expect(pooledAgent(new Agent({ ca: 'CA-2', cert: 'alice', key: 'alice-key' }))).not.toBe(base);
    expect(pooledAgent(new Agent({ ca: 'CA-2', cert: 'bob', key: 'bob-key' }))).not.toBe(
      pooledAgent(new Agent({ ca: 'CA-2', cert: 'alice', key: 'alice-key' })),
    );
    expect(pooledAgent(new Agent({ ca: 'CA-2', rejectUnauthorized: false }))).not.toBe(base);
    expect(pooledAgent(new Agent({ ca: Buffer.from('CA-2') }))).not.toBe(
      pooledAgent(new Agent({ ca: 'CA-2x' })),
    );
  });

  it('leaves HTTP and proxy agents alone', () => {
    const http = new HttpAgent();
    expect(pooledAgent(http)).toBe(http);
    class ProxyAgent extends Agent {}
    const proxy = new ProxyAgent();
    expect(pooledAgent(proxy)).toBe(proxy);
  });
});
