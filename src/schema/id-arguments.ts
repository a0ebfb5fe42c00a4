import {
  type GraphQLError,
  type GraphQLInputType,
  getNullableType,
  isInputObjectType,
  isListType,
  isScalarType,
} from 'graphql';
import { badUserInput } from './errors.js';

/**
 * ECS ids are short (`i-bp67acfmxazb4p****`, at most a few dozen characters); the
 * longest accepted is generous. A longer one can only be a mistake or an attack, and
 * sent upstream it would cost a call and come back as an HTTP error of the endpoint.
 */
export const MAX_ID_LENGTH = 128;

/** Reporting stops here: one error per id of a 60,000-id list helps nobody. */
const MAX_PROBLEMS = 10;

/**
 * Every ID (of any argument, input object field or list item) longer than
 * MAX_ID_LENGTH, as BAD_USER_INPUT errors naming where it is: `instance(id)`,
 * `stopInstance(input).instanceId`, `instances(filter).ids[3]`.
 */
export function overlongIds(type: GraphQLInputType, value: unknown, argument: string): GraphQLError[] {
  const problems: GraphQLError[] = [];
  const visit = (at: GraphQLInputType, current: unknown, where: string): void => {
    if (current == null || problems.length >= MAX_PROBLEMS) return;
    const nullable = getNullableType(at);
    if (isListType(nullable)) {
      const items = Array.isArray(current) ? current : [current];
      items.forEach((item, index) => {
        visit(nullable.ofType, item, Array.isArray(current) ? `${where}[${index}]` : where);
      });
    } else if (isInputObjectType(nullable)) {
      const fields = nullable.getFields();
      for (const [name, fieldValue] of Object.entries(current as Record<string, unknown>)) {
        const field = fields[name];
        if (field) visit(field.type, fieldValue, `${where}.${name}`);
      }
    } else if (isScalarType(nullable) && nullable.name === 'ID' && String(current).length > MAX_ID_LENGTH) {
      problems.push(
        badUserInput(where, `must be at most ${MAX_ID_LENGTH} characters (an ECS id)`, String(current)),
      );
    }
  };
  visit(type, value, argument);
  return problems;
}
