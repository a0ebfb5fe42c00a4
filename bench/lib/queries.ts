import {
  type GraphQLField,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';

/**
 * The operations the scenarios send. They are written against the read graph as it
 * is meant to be (Region.instances → Instance.disks → Disk.snapshots, each a page);
 * a scenario checks them against the running schema first and reports "skipped" with
 * the validation error while the schema lacks a piece.
 */

/** A page of instances, each instance's disks, each disk's snapshots. */
export const NESTED_QUERY = /* GraphQL */ `
  query NestedEstate($region: ID!, $size: Int!) {
    region(id: $region) {
      instances(page: { size: $size }) {
        nodes {
          id
          disks(page: { all: true }) {
            nodes {
              id
              snapshots(page: { all: true }) {
                nodes { id }
              }
            }
          }
        }
      }
    }
  }
`;

/** One upstream call (DescribeZones) per request once the region list is cached: the throughput query. */
export const ZONES_QUERY = /* GraphQL */ `
  query Zones($region: ID!) {
    region(id: $region) { id zones { id availableDiskCategories } }
  }
`;

function isLeafWithoutRequiredArgs(field: GraphQLField<unknown, unknown>): boolean {
  const named = getNamedType(field.type);
  return (
    (isScalarType(named) || isEnumType(named)) &&
    field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined)
  );
}

/**
 * One page of instances with every leaf field the schema's Instance has, so the
 * gateway returns as much of each instance as the direct DescribeInstances does.
 * Undefined while the schema has no Instance type.
 */
export function instancePageQuery(schema: GraphQLSchema): string | undefined {
  const instance = schema.getType('Instance');
  if (!isObjectType(instance)) return undefined;
  const leaves = Object.values(instance.getFields())
    .filter(isLeafWithoutRequiredArgs)
    .map((field) => field.name);
  return /* GraphQL */ `
    query InstancePage($region: ID!, $size: Int!) {
      region(id: $region) { instances(page: { size: $size }) { nodes { ${leaves.join(' ')} } } }
    }
  `;
}
