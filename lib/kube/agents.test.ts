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

  it('keys on every TLS option, not only CA and certificate', () => {
    expect(pooledAgent(new Agent({ ca: 'CA-4', ciphers: 'TLS_AES_128_GCM_SHA256' }))).not.toBe(
      pooledAgent(new Agent({ ca: 'CA-4' })),
    );
  });

  it('evicts the least recently used pool without destroying it (requests in flight finish)', () => {
    const kept = pooledAgent(new Agent({ ca: 'CA-lru-kept' })) as Agent;
    const dropped = pooledAgent(new Agent({ ca: 'CA-lru-dropped' })) as Agent;
    let destroyed = false;
    dropped.destroy = () => {
      destroyed = true;
      return dropped;
    };
    for (let i = 0; i < 40; i++) {
      pooledAgent(new Agent({ ca: `CA-lru-${i}` }));
      // Kept in use: it stays the most recently used and is never evicted.
      expect(pooledAgent(new Agent({ ca: 'CA-lru-kept' }))).toBe(kept);
    }
    expect(pooledAgents()).toHaveLength(32);
    expect(pooledAgents()).toContain(kept);
    // Unused since: evicted (a new pool is made for its settings), but not destroyed.
    expect(pooledAgents()).not.toContain(dropped);
    expect(pooledAgent(new Agent({ ca: 'CA-lru-dropped' }))).not.toBe(dropped);
    expect(destroyed).toBe(false);
  });

  it('leaves HTTP and proxy agents alone', () => {
    const http = new HttpAgent();
    expect(pooledAgent(http)).toBe(http);
    class ProxyAgent extends Agent {}
    const proxy = new ProxyAgent();
    expect(pooledAgent(proxy)).toBe(proxy);
  });
});
