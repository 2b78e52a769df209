import type { Alert, AlertNotice, AlertNoticeSink, AlertRuleSpecInput, TelemetryPoint } from '@facilflow/contracts';
import { createAlertEngine, type AlertEngine } from '@facilflow/core';
import type { TestPlatform, TestTenant } from '@facilflow/testkit';

export const BASE = Date.UTC(2026, 0, 5, 8, 0, 0);

/** A sink that keeps what it was handed, in order: what notifications would receive. */
export class RecordingSink implements AlertNoticeSink {
  readonly notices: AlertNotice[] = [];
  async deliver(notice: AlertNotice): Promise<void> {
    this.notices.push(notice);
  }
  transitions(): string[] {
    return this.notices.map((notice) => `${notice.transition}:${notice.tags.machine ?? notice.alertId}`);
  }
}

/** An engine on a controlled clock (no timers), failing the test on anything it would log. */
export class EngineHarness {
  clock = BASE;
  readonly engine: AlertEngine;

  constructor(
    private readonly t: TestPlatform,
    readonly tenant: TestTenant,
    readonly sink = new RecordingSink(),
  ) {
    this.engine = createAlertEngine({
      services: { ...t.platform.services, alertNotices: this.sink },
      now: () => new Date(this.clock),
      sweepIntervalMs: 0,
      log: (message, error) => {
        throw new Error(`${message}: ${String(error)}`);
      },
    });
  }

  async rule(spec: AlertRuleSpecInput): Promise<string> {
    const out = (await this.t.call(this.tenant.ownerPrincipal, 'alertRules.create', { spec })) as { rule: { id: string } };
    return out.rule.id;
  }

  /** One point per [second, value], each arriving on the clock at its own time. */
  async feed(samples: ReadonlyArray<readonly [number, number]>, tags: Record<string, string> = { machine: 'M1' }, measurement = 'oven', field = 'temp'): Promise<void> {
    for (const [second, value] of samples) {
      this.clock = BASE + second * 1000;
      const point: TelemetryPoint = { m: measurement, tags, f: { [field]: value }, t: this.clock };
      await this.engine.observe({ tenantId: this.tenant.tenantId, agentId: null, points: [point], receivedAt: new Date(this.clock) });
    }
  }

  async sweepAt(second: number): Promise<void> {
    this.clock = BASE + second * 1000;
    await this.engine.sweep();
  }

  async alerts(input: { state?: string; ruleId?: string } = {}): Promise<Alert[]> {
    const out = (await this.t.call(this.tenant.ownerPrincipal, 'alerts.list', { state: 'open', ...input })) as { alerts: Alert[] };
    return out.alerts;
  }

  async allAlerts(ruleId: string): Promise<Alert[]> {
    const states = ['firing', 'acknowledged', 'shelved', 'resolved'];
    const lists = await Promise.all(states.map((state) => this.alerts({ state, ruleId })));
    return lists.flat().sort((a, b) => a.firedAt.localeCompare(b.firedAt));
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}

export const at = (second: number) => new Date(BASE + second * 1000).toISOString();
