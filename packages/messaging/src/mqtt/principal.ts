/** Who an MQTT connection is, decided once at CONNECT from its credentials. */
export type BrokerPrincipal = { kind: 'agent'; tenantId: string; agentId: string } | { kind: 'service'; name: string };

export type AgentPrincipal = Extract<BrokerPrincipal, { kind: 'agent' }>;
