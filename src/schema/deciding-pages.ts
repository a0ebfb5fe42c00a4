import {
  type GraphQLCompositeType,
  GraphQLIncludeDirective,
  type GraphQLResolveInfo,
  GraphQLSkipDirective,
  getDirectiveValues,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import type { DecidingPage } from '../loaders/relations.js';
import type { AnyAction } from '../spec/action.js';
import { readUpstreamCost } from './cost.js';

const EXTENSION = 'decidingPage';

/**
 * Declares on a relation field the page that decides its plan (DecidingPage), so a page
 * of its parents' listing can start that page alongside itself (Loaders.speculate).
 */
export function decidedBy<A extends AnyAction, Item>(
  plan: DecidingPage<A, Item>,
): { readonly [EXTENSION]: DecidingPage } {
  // Read back without its types, as Loaders keeps its loaders: the page's items go to the loader that knows them.
  return { [EXTENSION]: plan as unknown as DecidingPage };
}

const walked = new WeakMap<GraphQLResolveInfo['fieldNodes'], Set<DecidingPage>>();

function readDecidingPage(extensions: Readonly<Record<string, unknown>> | null | undefined) {
  return extensions?.[EXTENSION] as DecidingPage | undefined;
}

/**
 * The deciding pages of the relation fields selected below a page field, at any depth,
 * fragments and inline fragments expanded, leaving out what `@skip` and `@include` do.
 * Everything below a listing's page is in the page's region (an ECS resource refers
 * only to resources of its own region), so these are all pages of that region. The walk
 * stops at a field that is a listing page of its own: that page speculates for itself.
 */
export function decidingPagesBelow(info: GraphQLResolveInfo): ReadonlySet<DecidingPage> {
  // graphql-js hands every evaluation of one field in one execution the same fieldNodes
  // array (and one execution has one set of variables): a page under a list is walked once.
  const known = walked.get(info.fieldNodes);
  if (known) return known;
  const found = new Set<DecidingPage>();
  walked.set(info.fieldNodes, found);
  const variables = info.variableValues;
  const excluded = (node: Parameters<typeof getDirectiveValues>[1]) =>
    getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true ||
    getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if === false;

  const walk = (selectionSet: SelectionSetNode, type: GraphQLCompositeType) => {
    for (const selection of selectionSet.selections) {
      if (excluded(selection)) continue;
      if (selection.kind === Kind.FIELD) {
        if (!isObjectType(type) && !isInterfaceType(type)) continue;
        const field = type.getFields()[selection.name.value];
        if (!field) continue;
        const plan = readDecidingPage(field.extensions);
        if (plan) found.add(plan);
        if (readUpstreamCost(field.extensions)?.calls === 'page') continue;
        const named = getNamedType(field.type);
        if (selection.selectionSet && isCompositeType(named)) walk(selection.selectionSet, named);
        continue;
      }
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT ? selection : info.fragments[selection.name.value];
      if (!fragment) continue;
      const condition = fragment.typeCondition
        ? info.schema.getType(fragment.typeCondition.name.value)
        : type;
      // A fragment on another object type never applies here.
      const applies =
        condition === type ||
        (condition !== undefined && isAbstractType(condition) && isObjectType(type)
          ? info.schema.isSubType(condition, type)
          : false);
      if (applies) walk(fragment.selectionSet, type);
    }
  };

  const pageType = getNamedType(info.returnType);
  if (isCompositeType(pageType))
    for (const node of info.fieldNodes) if (node.selectionSet) walk(node.selectionSet, pageType);
  return found;
}
