import { builder } from './builder.js';
// Each domain file registers its types and root fields on the builder when imported.
import './region.js';

export const schema = builder.toSchema();
