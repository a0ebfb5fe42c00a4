import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { graphql } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';
import type { AnyAction } from '../../src/spec/action.js';
import { ACTIONS } from '../../src/spec/catalog.js';
import { acceptsDryRun } from '../../src/spec/dry-run.js';

/** The request model of an action in the installed SDK (@alicloud/ecs20140526). */
const models = join(dirname(createRequire(import.meta.url).resolve('@alicloud/ecs20140526')), 'models');
function model(action: string): string {
  return readFileSync(join(models, `${action}Request.d.ts`), 'utf8');
}

/**
 * The model's properties (camelCase) whose doc comment says the parameter is or will be
 * deprecated ("This parameter is deprecated", "will be deprecated", "is about to be
 * deprecated"); a doc that only names a deprecated value (an image status, the classic
 * network) does not count.
 */
function deprecatedInModel(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*(\w+)\?:/g)) {
    const [, doc = '', property = ''] = match;
    if (/This parameter (?:is|will be)[^.]*deprecated/i.test(doc)) found.push(property);
  }
  return found;
}

const camel = (param: string) => param.charAt(0).toLowerCase() + param.slice(1);
const writes = [...ACTIONS.values()].filter((action: AnyAction) => action.idempotency !== 'read');
/** Every declared action the installed SDK has a request model for. */
const modelled = [...ACTIONS.values()].filter((action: AnyAction) =>
  existsSync(join(models, `${action.name}Request.d.ts`)),
);

describe('the declarations agree with the SDK models', () => {
  it('an action declares DryRun exactly when its model takes dryRun', () => {
    // The VPC actions left ECS for the VPC product: today's ECS SDK has no model of them.
    for (const action of writes.filter((write) => modelled.includes(write)))
      expect([action.name, acceptsDryRun(action)]).toEqual([
        action.name,
        /\n\s+dryRun\?:/.test(model(action.name)),
      ]);
  });

  it('a declared parameter is deprecated exactly when its model says so, reads and writes', () => {
    const declared = modelled.flatMap((action) =>
      Object.entries(action.params)
        .filter(([, param]) => param.deprecated !== undefined)
        .map(([name]) => `${action.name}.${name}`),
    );
    const inModels = modelled.flatMap((action) => {
      const deprecated = deprecatedInModel(model(action.name));
      return Object.keys(action.params)
        .filter((name) => deprecated.includes(camel(name)))
        .map((name) => `${action.name}.${name}`);
    });
    expect(declared.sort()).toEqual(inModels.sort());
    expect(declared).toEqual(
      expect.arrayContaining([
        'CreateSnapshot.Category',
        'CreateSnapshot.InstantAccess',
        'DescribeDisks.EnableAutoSnapshot',
        'DescribeInstances.PageNumber',
        'DescribeSnapshots.PageSize',
      ]),
    );
  });
});

describe('deprecations in introspection', () => {
  it('every deprecated input field, with its reason', async () => {
    const result = await graphql({
      schema,
      source: `{ __schema { types { name inputFields(includeDeprecated: true) { name isDeprecated deprecationReason } } } }`,
    });
    const types = (result.data as { __schema: { types: { name: string; inputFields: unknown[] | null }[] } })
      .__schema.types;
    const deprecated = types.flatMap((type) =>
      (
        (type.inputFields ?? []) as {
          name: string;
          isDeprecated: boolean;
          deprecationReason: string | null;
        }[]
      )
        .filter((field) => field.isDeprecated)
        .map((field) => [`${type.name}.${field.name}`, field.deprecationReason]),
    );
    const instant = expect.stringContaining('instantly available by default');
    expect(deprecated.sort()).toEqual([
      ['AttachDiskInput.device', expect.stringContaining('allocate the device name')],
      ['CreateSnapshotInput.category', instant],
      ['CreateSnapshotInput.instantAccess', instant],
      ['CreateSnapshotInput.instantAccessRetentionDays', instant],
      ['CreateSnapshotsInput.category', instant],
      ['CreateSnapshotsInput.instantAccess', instant],
      ['CreateSnapshotsInput.instantAccessRetentionDays', instant],
      ['DiskFilter.enableAutoSnapshot', expect.stringContaining('filter by autoSnapshotPolicyId')],
      ['ModifyDiskAttributeInput.enableAutoSnapshot', expect.stringContaining('automatic snapshot policy')],
    ]);
  });

  it('a deprecated field still works: it is hidden from a plain listing of the fields, not refused', async () => {
    const result = await graphql({
      schema,
      source: '{ __type(name: "CreateSnapshotInput") { inputFields { name } } }',
    });
    const names = (result.data as { __type: { inputFields: { name: string }[] } }).__type.inputFields.map(
      (field) => field.name,
    );
    expect(names).toContain('snapshotName');
    expect(names).not.toContain('category');
  });
});
