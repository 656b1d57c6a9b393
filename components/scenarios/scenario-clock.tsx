'use client';

import { useEffect, useRef } from 'react';
import type { MintedToken } from '@/lib/contracts/tokens';
import type { ProjectionState } from './scenario-actions';
import type { TimelineEvent } from './scenario-model';
import { rotationDueAt } from './scenario-outcome-model';
import { useNow } from '@/components/tokens/token-ticker';

/**
 * The simulated kubelet's timer: when the newest file version passes kubelet's refresh point, ask
 * for the next one. Renders nothing; the page's one shared ticker drives it.
 */
export function ScenarioRotator({
  projections,
  onRotate,
}: {
  projections: Record<number, ProjectionState>;
  onRotate: (index: number) => void;
}) {
  const now = useNow();
  useEffect(() => {
    for (const [key, p] of Object.entries(projections)) {
      const latest = p.versions.at(-1);
      if (p.mode !== 'simulated' || p.stopped || p.rotating || !latest) continue;
      if (now >= rotationDueAt(latest.token, latest.receivedAt)) onRotate(Number(key));
    }
  }, [now, projections, onRotate]);
  return null;
}

/** Adds an "expired" event to the timeline once for each watched token whose exp has passed. */
export function ScenarioExpiryWatcher({
  tokens,
  onEvent,
}: {
  tokens: MintedToken[];
  onEvent: (event: Omit<TimelineEvent, 'id' | 'at'>) => void;
}) {
  const now = useNow();
  const seen = useRef(new Set<string>());
  useEffect(() => {
    for (const t of tokens) {
      if (seen.current.has(t.id) || now <= Date.parse(t.jwtExpiresAt)) continue;
      seen.current.add(t.id);
      onEvent({
        kind: 'expired',
        badge: 'expired',
        text: `${t.serviceAccount} token ·${t.id.slice(-4)} passed exp; 60 s of leeway left`,
      });
    }
  }, [now, tokens, onEvent]);
  return null;
}
