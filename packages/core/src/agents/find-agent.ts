import { FacilFlowError } from '@facilflow/contracts';
import { eq, schema, type Tx } from '@facilflow/db';

export async function findAgentRow(tx: Tx, agentId: string) {
  const [row] = await tx.select().from(schema.agents).where(eq(schema.agents.id, agentId)).limit(1);
  if (!row) throw new FacilFlowError('NOT_FOUND', `Agent ${agentId} not found`);
  return row;
}
