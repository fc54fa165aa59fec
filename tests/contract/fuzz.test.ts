// Schema-driven fuzz: Prism generates responses from each documented response schema with
// `Prefer: dynamic=true` and a fixed seed per case, so a failure reproduces exactly. Whatever
// the schema allows must end as the payload or as the typed API error, never anything else.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { APIErrorOf, call, clients, exchanges, expectedOutcome, operations } from './support.js';

// A budget of seeded responses for the whole suite, so that its time stays flat as the specs
// grow: one per documented status of every operation, the rest shared out over the 2xx ones,
// where what the schema allows decides between a resolved payload and an error (any error
// status only has to end as the typed API error).
const FUZZ_BUDGET = 600;
const statuses = operations().flatMap((op) => [...new Set(op.responses.map((r) => r.status))]);
const successes = statuses.filter((status) => status < 300).length;
const SEEDS_PER_SUCCESS = Math.min(50, 1 + Math.max(0, Math.floor((FUZZ_BUDGET - statuses.length) / successes)));
const seedsFor = (status: number) => (status < 300 ? SEEDS_PER_SUCCESS : 1);
// Over the default transport, the one users get.
const client = clients(inject('mockUrls'));

afterEach(() => {
  exchanges.length = 0;
});

describe.each(operations().map((op) => [`${op.spec} ${op.operationId}`, op] as const))('%s', (_, op) => {
  const documented = [...new Set(op.responses.map((r) => r.status))];

  it.each(documented.map((status) => [seedsFor(status), status]))(
    'survives %i seeded dynamic %i responses',
    async (seeds, status) => {
      const failures: string[] = [];
      for (let i = 0; i < seeds; i++) {
        const seed = `${op.operationId}-${status}-${i}`;
        exchanges.length = 0;
        const outcome = await call(client[op.spec], op.operationId, op.input, {
          headers: { prefer: `code=${status}, dynamic=true, seed=${seed}` },
        }).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
        const [exchange] = exchanges;
        const body = exchange?.body ? JSON.parse(exchange.body) : undefined;
        const expected = exchange ? expectedOutcome(op, exchange.status, body) : undefined;
        const ok =
          exchange?.status === status &&
          !exchange.violations &&
          (expected && 'resolves' in expected
            ? JSON.stringify(outcome) === JSON.stringify({ value: expected.resolves })
            : 'error' in outcome && outcome.error instanceof APIErrorOf[op.spec] && outcome.error.status === status);
        if (!ok)
          failures.push(
            `seed=${seed}: ${JSON.stringify({ status: exchange?.status, body: exchange?.body, outcome: String((outcome as { error?: unknown }).error ?? 'resolved') })}`,
          );
      }
      expect(failures).toEqual([]);
    },
  );
});
