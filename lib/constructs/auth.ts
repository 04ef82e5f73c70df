/**
 * Who may call the API: one Cognito user pool, shaped for the two kinds of callers the handlers'
 * middleware understands (shared/http/auth.ts):
 * - people sign in through the managed login (authorization code grant, public client without a
 *   secret, refresh tokens) and carry their role as a Cognito group: viewer < responder < admin;
 * - machines use the client-credentials grant of a confidential client and carry scopes of the
 *   `incident-api` resource server (incidents:read, incidents:write, incidents:admin,
 *   component_status:write, metrics:read).
 * The HTTP API's JWT authorizer accepts tokens of both clients (`audiences`); roles and scopes are
 * checked by the handlers, because people's access tokens carry groups, not scopes.
 */
import { Aws, CfnOutput, Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  type CfnUserPoolClient,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ResourceServerScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
  type UserPoolResourceServer,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { Role } from '../routes.ts';
import type { StageConfig } from '../stage.ts';

export const RESOURCE_SERVER_ID = 'incident-api';
export const API_SCOPES = ['incidents:read', 'incidents:write', 'incidents:admin', 'component_status:write', 'metrics:read'] as const;
export const ROLE_GROUPS: readonly Role[] = ['viewer', 'responder', 'admin'];

const SCOPE_DESCRIPTIONS: Readonly<Record<(typeof API_SCOPES)[number], string>> = {
  'incidents:read': 'Read incidents',
  'incidents:write': 'Create and update incidents',
  'incidents:admin': 'Administer incidents',
  'component_status:write': 'Set component status',
  // analytics: a Prometheus scraper's client reads /metrics and nothing else.
  'metrics:read': 'Scrape Prometheus metrics (/metrics)',
};

export interface AuthProps {
  readonly stage: StageConfig;
  readonly removalPolicy: RemovalPolicy;
}

export class Auth extends Construct {
  public readonly userPool: UserPool;
  public readonly resourceServer: UserPoolResourceServer;
  /** People: authorization code grant + refresh, no secret. */
  public readonly webClient: UserPoolClient;
  /** Machines: client credentials with the resource-server scopes. */
  public readonly machineClient: UserPoolClient;
  public readonly domain: UserPoolDomain;
  /** The token issuer the JWT authorizer trusts. */
  public readonly issuer: string;
  /** Every client id whose tokens the API accepts. */
  public readonly audiences: readonly string[];
  private readonly stageCallbackUrls: string[];
  private readonly stageLogoutUrls: string[];

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    const { stage } = props;

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `${stage.prefix}-users`,
      // Accounts are created by an administrator and put in a group; nobody signs up alone.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true },
      mfa: stage.mfa === 'required' ? Mfa.REQUIRED : Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: stage.cognitoPlus ? FeaturePlan.PLUS : FeaturePlan.ESSENTIALS,
      ...(stage.cognitoPlus ? { standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION } : {}),
      deletionProtection: stage.deletionProtection,
      removalPolicy: props.removalPolicy,
    });
    if (stage.mfa !== 'required') {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG2',
        reason: `MFA (TOTP) is optional in ${stage.name} so test users can sign in without an authenticator; prod requires it (lib/stage.ts).`,
      });
    }
    if (!stage.cognitoPlus) {
      Validations.of(this.userPool).acknowledge({
        id: 'AwsSolutions-COG8',
        reason: `The Plus feature plan (threat protection) is billed per active user; ${stage.name} stays on Essentials, prod uses Plus with threat protection enforced (lib/stage.ts).`,
      });
    }

    for (const group of ROLE_GROUPS) {
      this.userPool.addGroup(`Group-${group}`, { groupName: group, description: `Role ${group} of the incident API` });
    }

    const scopes = API_SCOPES.map((name) => new ResourceServerScope({ scopeName: name, scopeDescription: SCOPE_DESCRIPTIONS[name] }));
    this.resourceServer = this.userPool.addResourceServer('ResourceServer', {
      identifier: RESOURCE_SERVER_ID,
      userPoolResourceServerName: `${stage.prefix} API`,
      scopes,
    });

    this.webClient = this.userPool.addClient('WebClient', {
      userPoolClientName: `${stage.prefix}-web`,
      generateSecret: false,
      // Only the managed-login code grant and refresh tokens; no password flows against the API.
      authFlows: { userSrp: false },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: [...stage.authCallbackUrls],
        logoutUrls: [...stage.authLogoutUrls],
      },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    this.machineClient = this.userPool.addClient('MachineClient', {
      userPoolClientName: `${stage.prefix}-machine`,
      generateSecret: true,
      authFlows: { userSrp: false },
      oAuth: {
        flows: { clientCredentials: true },
        scopes: scopes.map((s) => OAuthScope.resourceServer(this.resourceServer, s)),
      },
      accessTokenValidity: Duration.hours(1),
    });

    // The managed login and the /oauth2/token endpoint. The prefix is unique per account and stage.
    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: `incident-service-${stage.name}-${Aws.ACCOUNT_ID}` },
    });

    // The `iss` claim of Cognito tokens (built like CDK's own HttpUserPoolAuthorizer does; the
    // ProviderURL attribute is documented without a scheme).
    this.issuer = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com/${this.userPool.userPoolId}`;
    this.audiences = [this.webClient.userPoolClientId, this.machineClient.userPoolClientId];

    this.stageCallbackUrls = [...stage.authCallbackUrls];
    this.stageLogoutUrls = [...stage.authLogoutUrls];

    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId });
    new CfnOutput(this, 'WebClientId', { value: this.webClient.userPoolClientId });
    new CfnOutput(this, 'MachineClientId', { value: this.machineClient.userPoolClientId });
    new CfnOutput(this, 'TokenEndpoint', { value: `${this.domain.baseUrl()}/oauth2/token` });
  }

  /**
   * Web app: the /incidents app's URL (known only once the site's distribution exists) becomes a
   * callback and logout URL of the web client, beside the stage's own (lib/stage.ts).
   */
  addWebAppUrl(url: string): void {
    const client = this.webClient.node.defaultChild as CfnUserPoolClient;
    this.stageCallbackUrls.push(url);
    this.stageLogoutUrls.push(url);
    client.callbackUrLs = [...this.stageCallbackUrls];
    client.logoutUrLs = [...this.stageLogoutUrls];
  }
}
