/**
 * Runs before each integration test file: points the SDK at DynamoDB Local and gives the file its
 * own table (created from lib/table-definition.ts), so files run in parallel without sharing data.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { ensureTable } from '#shared/local/create-table.ts';

const endpoint = inject('dynamodbEndpoint');
process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
process.env.AWS_ENDPOINT_URL_DYNAMODB_STREAMS = endpoint;
process.env.TABLE_NAME = `test-${randomUUID()}`;

const client = new DynamoDBClient({ endpoint });
await ensureTable(client, process.env.TABLE_NAME);
client.destroy();
