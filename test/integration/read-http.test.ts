import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstancesDisksSnapshotsDocument } from '../../client/graphql.js';
import { API_LIMITS } from '../../src/spec/limits.js';
import type { GraphQLResponse } from '../graph/support/gateway.js';
import { MAIN_REGION, type ReadStack, startReadStack } from './read-stack.js';

/** Posts a generated typed document to a listening gateway: a real socket, a typed result. */
async function post<Data, Variables>(
  url: string,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<{ status: number; contentType: string | null; body: GraphQLResponse<Data> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: (await response.json()) as GraphQLResponse<Data>,
  };
}

describe('the generated nested document against the listening gateway (127.0.0.1:0)', () => {
  let stack: ReadStack;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    stack = await startReadStack({
      limits: API_LIMITS['2014'],
      sizes: { instancesPerRegion: 4, disksPerInstance: 2, snapshotsPerDisk: 3 },
    });
    server = createServer(stack.gateway);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await stack.close();
  });

  it('answers with typed data and costs one call per level', async () => {
    stack.resetCounts();
    const { status, contentType, body } = await post(url, InstancesDisksSnapshotsDocument, {
      regionId: MAIN_REGION,
      instances: 3,
    });
    expect(status).toBe(200);
    expect(contentType).toContain('application/graphql-response+json');
    expect(body.errors).toBeUndefined();
    const instances = body.data?.instances;
    expect([instances?.totalCount, instances?.hasNextPage, instances?.nodes.length]).toEqual([4, true, 3]);
    for (const instance of instances?.nodes ?? []) {
      expect(instance.id).toMatch(/^i-/);
      expect(instance.disks?.nodes).toHaveLength(2);
      for (const disk of instance.disks?.nodes ?? []) {
        expect(disk.snapshots?.totalCount).toBe(3);
        for (const snapshot of disk.snapshots?.nodes ?? []) {
          // Typed as the schema says: an Int percent and an ISO time, not ECS's strings.
          expect(Number.isInteger(snapshot.progress) && (snapshot.progress ?? -1) >= 0).toBe(true);
          expect(Number.isNaN(Date.parse(snapshot.creationTime ?? ''))).toBe(false);
        }
      }
    }
    // 8 disks and 24 snapshots fit one page of 50: one unfiltered call each serves the page.
    const expected = { DescribeInstances: 1, DescribeDisks: 1, DescribeSnapshots: 1 };
    expect(stack.simulatorCallsByAction()).toEqual(expected);
    // Admitted on its bound: 1 page; 3 instances' disks + 1 deciding page; up to 20 pages of
    // snapshots for each instance’s disks + 1 deciding page.
    expect(body.extensions?.upstream).toEqual({ calls: 3, estimate: 1 + 4 + 61, byAction: expected });
  });
});
