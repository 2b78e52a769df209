export { startAuthEmulator, type AuthEmulator, type AuthEmulatorOptions } from './auth-emulator.ts';
export { readEmulatorRecord, reclaimOrphanEmulator, type EmulatorRecord, type ReclaimOutcome } from './emulator-pid-file.ts';
export {
  createAuthEmulatorClient,
  type AuthEmulatorClient,
  type AuthEmulatorClientOptions,
  type EmulatorSession,
} from './auth-emulator-client.ts';
export { createFirebaseIdentity, type FirebaseIdentity, type TenantClaims, type VerifiedIdToken } from './firebase-identity.ts';
