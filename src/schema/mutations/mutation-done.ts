import type { GatewayContext } from '../../context.js';
import type { ActionInput, ActionResult, AnyAction } from '../../spec/action.js';

/** What a mutation's read step gets once the action has succeeded (or, result absent, may have). */
export interface MutationDone<A extends AnyAction> {
  readonly context: GatewayContext;
  /** The region the action was addressed to. */
  readonly regionId: string;
  /** The action's input as sent (without ClientToken). */
  readonly input: ActionInput<A>;
  /** The action's answer; undefined when it was lost and the state is read for evidence. */
  readonly result: ActionResult<A> | undefined;
}
