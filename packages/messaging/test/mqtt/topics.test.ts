import { describe, expect, it } from 'vitest';
import { AGENT_TOPIC_KINDS } from '@facilflow/contracts';
import { agentMayPublish, agentMaySubscribe, agentTopic, agentTopicPrefix, parseAgentTopic } from '../../src/index.ts';

describe('agent topics', () => {
  it('builds the ff/v1 scheme and parses it back', () => {
    for (const kind of AGENT_TOPIC_KINDS) {
      const topic = agentTopic('acme_1', 'line_7', kind);
      expect(topic).toBe(`ff/v1/acme_1/agents/line_7/${kind}`);
      expect(parseAgentTopic(topic)).toEqual({ tenantId: 'acme_1', agentId: 'line_7', kind, subtopic: null });
    }
    expect(agentTopic('acme', 'a1', 'telemetry', 'lp')).toBe('ff/v1/acme/agents/a1/telemetry/lp');
    expect(parseAgentTopic('ff/v1/acme/agents/a1/telemetry/lp')).toEqual({ tenantId: 'acme', agentId: 'a1', kind: 'telemetry', subtopic: 'lp' });
    expect(agentTopicPrefix('acme', 'a1')).toBe('ff/v1/acme/agents/a1');
  });

  it.each([
    ['a wildcard tenant', 'ff/v1/+/agents/a1/telemetry'],
    ['a wildcard agent', 'ff/v1/acme/agents/+/telemetry'],
    ['a multi-level wildcard', 'ff/v1/acme/agents/a1/#'],
    ['a wildcard kind', 'ff/v1/acme/agents/a1/+'],
    ['a wildcard inside an id', 'ff/v1/ac+me/agents/a1/telemetry'],
    ['a wildcard subtopic', 'ff/v1/acme/agents/a1/telemetry/#'],
    ['a dot-dot tenant', 'ff/v1/../agents/a1/telemetry'],
    ['a dot-dot agent', 'ff/v1/acme/agents/../telemetry'],
    ['dots in an id', 'ff/v1/ac.me/agents/a1/telemetry'],
    ['an upper-case tenant', 'ff/v1/Acme/agents/a1/telemetry'],
    ['an upper-case agent', 'ff/v1/acme/agents/A1/telemetry'],
    ['an upper-case kind', 'ff/v1/acme/agents/a1/Telemetry'],
    ['an upper-case root', 'FF/v1/acme/agents/a1/telemetry'],
    ['an upper-case subtopic', 'ff/v1/acme/agents/a1/telemetry/LP'],
    ['an extra level', 'ff/v1/acme/agents/a1/telemetry/lp/extra'],
    ['an extra level in the middle', 'ff/v1/acme/x/agents/a1/telemetry'],
    ['a missing kind', 'ff/v1/acme/agents/a1'],
    ['an unknown kind', 'ff/v1/acme/agents/a1/secrets'],
    ['another version', 'ff/v2/acme/agents/a1/telemetry'],
    ['another root', 'xx/v1/acme/agents/a1/telemetry'],
    ['not "agents"', 'ff/v1/acme/agent/a1/telemetry'],
    ['an empty tenant', 'ff/v1//agents/a1/telemetry'],
    ['an empty agent', 'ff/v1/acme/agents//telemetry'],
    ['an empty subtopic', 'ff/v1/acme/agents/a1/telemetry/'],
    ['a leading slash', '/ff/v1/acme/agents/a1/telemetry'],
    ['a $share prefix', '$share/g/ff/v1/acme/agents/a1/telemetry'],
    ['a $SYS topic', '$SYS/broker/clients'],
    ['a hyphen in an id', 'ff/v1/ac-me/agents/a1/telemetry'],
    ['whitespace in an id', 'ff/v1/ac me/agents/a1/telemetry'],
    ['a non-ASCII letter', 'ff/v1/acmé/agents/a1/telemetry'],
    ['a NUL character', 'ff/v1/acme\u0000/agents/a1/telemetry'],
    ['the empty topic', ''],
  ])('parses %s as null', (_case, topic) => {
    expect(parseAgentTopic(topic)).toBeNull();
  });

  it('refuses an id longer than 64 characters', () => {
    expect(parseAgentTopic(`ff/v1/${'a'.repeat(65)}/agents/a1/telemetry`)).toBeNull();
  });

  it('refuses to build topics from ids that are not [a-z0-9_]+', () => {
    for (const [tenantId, agentId] of [
      ['acme', '+'],
      ['#', 'a1'],
      ['acme', 'a/b'],
      ['Acme', 'a1'],
      ['acme', ''],
      ['..', 'a1'],
    ] as const) {
      expect(() => agentTopic(tenantId, agentId, 'telemetry')).toThrow(expect.objectContaining({ code: 'INVALID' }));
    }
    expect(() => agentTopic('acme', 'a1', 'telemetry', 'l/p')).toThrow(expect.objectContaining({ code: 'INVALID' }));
  });
});

describe('agent ACL rules', () => {
  const agent = { kind: 'agent', tenantId: 'acme', agentId: 'a1' } as const;

  it('allows publishing only to its own telemetry, status, heartbeat and responses', () => {
    for (const topic of ['telemetry', 'telemetry/lp', 'status', 'heartbeat', 'responses', 'responses/cmd_1']) {
      expect(agentMayPublish(agent, `ff/v1/acme/agents/a1/${topic}`), topic).toEqual({ allowed: true });
    }
    for (const topic of [
      'ff/v1/acme/agents/a1/config',
      'ff/v1/acme/agents/a1/commands',
      'ff/v1/other/agents/a1/telemetry',
      'ff/v1/acme/agents/a2/telemetry',
      'ff/v1/acme/agents/a1/telemetry/a/b',
      '$SYS/x',
    ]) {
      expect(agentMayPublish(agent, topic), topic).toMatchObject({ allowed: false, reason: expect.any(String) });
    }
  });

  it('allows subscribing only to its own config and commands, with at most a final +', () => {
    for (const filter of ['config', 'commands', 'config/+', 'commands/+', 'commands/restart']) {
      expect(agentMaySubscribe(agent, `ff/v1/acme/agents/a1/${filter}`), filter).toEqual({ allowed: true });
    }
    for (const filter of [
      'ff/v1/acme/agents/a1/commands/#',
      'ff/v1/acme/agents/a1/+',
      'ff/v1/acme/agents/a1/#',
      'ff/v1/acme/agents/+/commands',
      'ff/v1/+/agents/a1/commands',
      'ff/v1/acme/agents/a1/telemetry',
      'ff/v1/acme/agents/a1/commands/x/+',
      'ff/v1/other/agents/a1/commands',
      '$share/g/ff/v1/acme/agents/a1/commands',
      '#',
      '+/+/+/+/+/+',
    ]) {
      expect(agentMaySubscribe(agent, filter), filter).toMatchObject({ allowed: false });
    }
  });
});
