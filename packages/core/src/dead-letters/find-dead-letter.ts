import { FacilFlowError } from '@facilflow/contracts';
import { eq, schema, type Tx } from '@facilflow/db';

export async function findDeadLetterRow(tx: Tx, id: string) {
  const [row] = await tx.select().from(schema.deadLetters).where(eq(schema.deadLetters.id, id)).limit(1);
  if (!row) throw new FacilFlowError('NOT_FOUND', `Dead letter ${id} not found`);
  return row;
}
