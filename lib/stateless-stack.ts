/**
 * The stateless stack: Cognito, the HTTP API and one function per route. Everything here can be
 * destroyed and recreated without losing data; the data lives in the stateful stack, whose table
 * arrives by props (bin/app.ts declares the stack dependency).
 *
 * The table is referenced by its physical name (`Table.fromTableAttributes`), not by a cross-stack
 * token: a cross-stack token becomes a CloudFormation export (or stack output reference) that
 * blocks changes to the stateful stack for as long as a consumer uses it, which is the classic
 * trap of a stateful/stateless split. The name is fixed per stage, so nothing is lost.
 *
 * Cognito sits here rather than in the stateful stack on purpose: the pool's clients and the API's
 * authorizer change together. The pool itself follows the stage's removal policy, so prod retains it.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import { type ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { Auth } from './constructs/auth.ts';
import { IncidentHttpApi } from './constructs/http-api.ts';
import { routes as routeTable, type Route } from './routes.ts';
import type { StageConfig } from './stage.ts';
import { GLOBAL_INDEXES } from './table-definition.ts';

export interface StatelessStackProps extends StackProps {
  readonly stage: StageConfig;
  /** Physical name of the single table of the stateful stack. */
  readonly tableName: string;
  /** @default the route table of lib/routes.ts */
  readonly routes?: readonly Route[];
}

export class StatelessStack extends Stack {
  public readonly table: ITable;
  public readonly auth: Auth;
  public readonly httpApi: IncidentHttpApi;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { stage } = props;

    this.table = Table.fromTableAttributes(this, 'Table', {
      tableName: props.tableName,
      globalIndexes: GLOBAL_INDEXES.map((index) => index.indexName),
      // Reads through any GSI are part of "read data"; the grants cover the indexes too.
      grantIndexPermissions: true,
    });
    this.auth = new Auth(this, 'Auth', { stage, removalPolicy: stage.removalPolicy });
    this.httpApi = new IncidentHttpApi(this, 'Http', {
      stage,
      routes: props.routes ?? routeTable,
      table: this.table,
      jwtIssuer: this.auth.issuer,
      jwtAudiences: this.auth.audiences,
    });
  }
}
