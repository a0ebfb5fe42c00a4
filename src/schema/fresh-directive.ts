import { DirectiveLocation, GraphQLDirective, type OperationDefinitionNode } from 'graphql';

/**
 * `query Q @fresh { ... }`: the GraphQL spelling of `Cache-Control: no-cache`, for
 * clients that cannot set headers (GraphiQL's users).
 */
export const freshDirective = new GraphQLDirective({
  name: 'fresh',
  description:
    'Answers this query from ECS afresh: no answer of the shared read cache is used and no identical call in flight is joined (the same as the request header `Cache-Control: no-cache`). Its answers are cached for the requests that follow.',
  locations: [DirectiveLocation.QUERY],
});

export function asksForFresh(operation: OperationDefinitionNode): boolean {
  return operation.directives?.some((directive) => directive.name.value === freshDirective.name) ?? false;
}
