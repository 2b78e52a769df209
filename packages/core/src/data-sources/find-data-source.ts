import { FacilFlowError } from '@facilflow/contracts';
import { eq, schema, type Tx } from '@facilflow/db';

export async function findDataSourceRow(tx: Tx, id: string) {
  const [row] = await tx.select().from(schema.dataSources).where(eq(schema.dataSources.id, id)).limit(1);
  if (!row) throw new FacilFlowError('NOT_FOUND', `Data source ${id} not found`);
  return row;
}
