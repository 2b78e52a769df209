-- Whether a person's answer to an MCP client's elicitation counts as approving a pending request; off until an admin turns it on.
ALTER TABLE "tenants" ADD COLUMN "elicitation_approves" boolean DEFAULT false NOT NULL;
