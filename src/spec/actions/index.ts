// Every action declaration, by name. Each module exports only actions (what several share sits
// beside this folder), so the catalog can list them all from here.

export * from './auto-snapshot-policies.js';
export * from './create-instance.js';
export * from './create-snapshot.js';
export * from './disk-contents.js';
export * from './disk-reads.js';
export * from './disk-writes.js';
export * from './eips.js';
export * from './image-shares.js';
export * from './image-writes.js';
export * from './images.js';
export * from './instance-reads.js';
export * from './instance-types.js';
export * from './instance-vnc.js';
export * from './instance-vpc.js';
export * from './instance-writes.js';
export * from './monitoring.js';
export * from './network.js';
export * from './regions.js';
export * from './route-tables.js';
export * from './security-group-rules.js';
export * from './security-groups.js';
export * from './snapshots.js';
export * from './vpcs.js';
export * from './vswitches.js';
