import { specifiedDirectives } from 'graphql';
import { builder } from './builder.js';
import { freshDirective } from './fresh-directive.js';
// Each domain file registers its types and root fields on the builder when imported.
import './region.js';
import './instance.js';
import './instance-status.js';
import './disk.js';
import './snapshot.js';
import './auto-snapshot-policy.js';
import './image.js';
import './image-relations.js';
import './instance-type.js';
import './instance-zone.js';
import './security-group.js';
import './mutations/instances.js';
import './mutations/disks.js';
import './mutations/snapshots.js';
import './mutations/auto-snapshot-policies.js';
import './mutations/images.js';
import './mutations/bulk-instances.js';
import './mutations/bulk-snapshots.js';
import './subscriptions/watch-fields.js';

export const schema = builder.toSchema({ directives: [...specifiedDirectives, freshDirective] });
