import { GraphQLClient } from 'graphql-request';
import { InstancesDisksSnapshotsDocument, type InstancesDisksSnapshotsQuery } from './graphql.js';

/** The first instances of the default region, each with its disks and their snapshots. */
export async function firstInstances(
  endpoint = 'http://127.0.0.1:4000/graphql',
): Promise<InstancesDisksSnapshotsQuery['instances']> {
  const client = new GraphQLClient(endpoint);
  // Variables and result are typed by the document: `{ instances: '2' }` does not compile.
  const { instances } = await client.request(InstancesDisksSnapshotsDocument, { instances: 2 });
  // A list that calls ECS is nullable (a failed call nulls it, with an error at its path);
  // graphql-request throws a ClientError on any error, so null is not seen here.
  for (const instance of instances?.nodes ?? []) {
    const snapshots = instance.disks?.nodes.map((disk) => disk.snapshots?.totalCount ?? 0);
    console.log(instance.name, instance.status, snapshots); // cache-01 RUNNING [3, 3]
  }
  return instances;
}
