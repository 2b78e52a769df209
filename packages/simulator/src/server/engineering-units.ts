import { makeEUInformation, type EUInformation } from 'node-opcua';

/**
 * UN/CEFACT Recommendation 20 common codes for the units the plant file uses. OPC UA (Part 8)
 * identifies a unit by the code's integer form (makeEUInformation computes it), so a client that
 * knows the codes recognises the unit without parsing the text. The display name stays the
 * file's own spelling ("degC", "m3/h"), so what the agent reads back is the name the plant file,
 * and therefore ingest, uses.
 */
const UNECE_CODES: Readonly<Record<string, { code: string; description: string }>> = {
  A: { code: 'AMP', description: 'ampere' },
  bar: { code: 'BAR', description: 'bar [unit of pressure]' },
  degC: { code: 'CEL', description: 'degree Celsius' },
  g: { code: 'GRM', description: 'gram' },
  kW: { code: 'KWT', description: 'kilowatt' },
  kWh: { code: 'KWH', description: 'kilowatt hour' },
  'm/min': { code: '2X', description: 'metre per minute' },
  'm3/h': { code: 'MQH', description: 'cubic metre per hour' },
  rpm: { code: 'RPM', description: 'revolutions per minute' },
};

/**
 * The EUInformation for a plant unit. Units without a UN/CEFACT code (a part "count", "packs/min")
 * get unitId -1, which Part 8 reserves for "no code available", under the plant's own namespace URI.
 */
export function euInformationFor(unit: string, namespaceUri: string): EUInformation {
  const standard = UNECE_CODES[unit];
  if (standard) return makeEUInformation(standard.code, unit, standard.description);
  // node-opcua exports the EUInformation class only as a type; makeEUInformation builds one to adjust.
  const custom = makeEUInformation('', unit, unit);
  custom.namespaceUri = namespaceUri;
  custom.unitId = -1;
  return custom;
}
