import { formatTime } from '../lib/format-time.ts';
import type { Result } from '../lib/operation-result.ts';
import { ProblemMessage } from './problem-message.tsx';

const MiB = 1024 * 1024;

/** The tenant's edge agents as their last status and heartbeat left them. */
export function AgentsPanel({ agents }: { agents: Result<'agents.list'> }) {
  return (
    <section className="card wide">
      <h2>Edge agents</h2>
      {!agents.ok ? (
        <ProblemMessage problem={agents.problem} />
      ) : agents.value.agents.length === 0 ? (
        <p className="empty">No agent yet: enrol one with agents.enroll (MCP, Jarvis or `facilflow call`).</p>
      ) : (
        <div className="table-wrap">
          <table data-testid="agent-list">
            <thead>
              <tr>
                <th>Agent</th>
                <th>State</th>
                <th>Last seen</th>
                <th>Points/s</th>
                <th>Backlog</th>
                <th>Config</th>
              </tr>
            </thead>
            <tbody>
              {agents.value.agents.map((agent) => (
                <tr key={agent.id} data-testid="agent-row" data-state={agent.state}>
                  <td>
                    {agent.name} <code>{agent.id}</code>
                  </td>
                  <td>
                    <span className={`pill ${agent.state === 'online' ? 'ok' : agent.state === 'revoked' ? 'bad' : ''}`}>{agent.state}</span>
                  </td>
                  <td>{formatTime(agent.lastSeenAt)}</td>
                  <td>{agent.heartbeat ? agent.heartbeat.pointsPerSecond.toFixed(1) : '—'}</td>
                  <td>{agent.heartbeat ? `${agent.heartbeat.bufferBatches} batches, ${(agent.heartbeat.bufferBytes / MiB).toFixed(1)} MiB` : '—'}</td>
                  <td>
                    v{agent.appliedConfigVersion ?? '—'} of v{agent.desiredConfigVersion}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
