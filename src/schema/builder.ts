import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import type { GatewayContext } from '../context.js';
import { DateTimeScalar } from './scalars.js';

export interface GatewaySchemaTypes {
  Context: GatewayContext;
  Scalars: { DateTime: { Input: Date; Output: Date | string } };
  // Fields are non-null unless they say otherwise: a nullable field is a decision.
  DefaultFieldNullability: false;
}

export type GatewayTypes = PothosSchemaTypes.ExtendDefaultTypes<GatewaySchemaTypes>;

/**
 * The one schema builder. Domain files (region.ts, ...) register their types on it;
 * schema/index.ts imports them and builds the schema.
 *
 * The errors plugin is here for mutations' expected ECS failures; only our own domain
 * error classes may be registered with it (no `defaultTypes`), so a bug is never
 * turned into schema data and always goes through masking.
 */
export const builder = new SchemaBuilder<GatewaySchemaTypes>({
  plugins: [ErrorsPlugin],
  defaultFieldNullability: false,
  errors: { defaultTypes: [] },
});

builder.queryType({
  description: 'Reads of the ECS account the gateway is configured with.',
});

builder.addScalarType('DateTime', DateTimeScalar);
