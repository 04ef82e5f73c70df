/**
 * Lambda bundles only (lib/bundling.ts aliases `@aws-sdk/credential-provider-node` to this file).
 *
 * In Lambda the execution role's credentials are always in the environment
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so the SDK's default chain
 * (profile files, SSO, web identity via STS, container and instance metadata) is never used there;
 * it is ~85 KB of every bundle and part of every cold start. Local mode, tests and tools run the
 * unbundled sources and keep the full chain.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}): AwsCredentialIdentityProvider => fromEnv(init);
