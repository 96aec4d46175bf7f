/** Ingest's signature verifier, for the bench's verification-cost tool: tools reach other apps through the local stack. */
export { SignatureVerifier } from '@wfm-sync/ingest';
