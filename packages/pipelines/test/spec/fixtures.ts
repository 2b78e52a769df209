/** A valid batch spec over the test components: read, validate, filter on a param, write. */
export const ovenAverage = {
  name: 'Hot ovens',
  params: { limit: { type: 'number', default: 230 } },
  triggers: [{ type: 'cron', expression: '0 6 * * *', timezone: 'Europe/Berlin' }],
  stages: [
    { id: 'read', use: 'source.test-query', with: { sql: 'SELECT * FROM oven' } },
    { id: 'valid', use: 'transform.schema-validate', with: { columns: { time: { type: 'time' }, temp: { type: 'number' } } }, needs: ['read'] },
    { id: 'hot', use: 'transform.filter', with: { where: 'temp > params.limit' }, needs: ['valid'] },
    { id: 'write', use: 'sink.test-write', with: { measurement: 'oven_hot' }, needs: ['hot', 'valid.invalid'] },
  ],
};
