import { builder } from '../builder.js';

/**
 * What a dry run answers when the call would be made: a mutation's own dry run (ECS
 * checked it and answered DryRunOperation), or an item of a bulk mutation's plan.
 */
export class DryRunPassed {
  constructor(
    /** The ECS action the real call would make: `CreateSnapshot`. */
    readonly action: string,
    /** The RequestId of ECS's DryRunOperation; undefined when the verdict came from Describe data. */
    readonly requestId?: string,
  ) {}
}

builder.objectType(DryRunPassed, {
  name: 'DryRunPassed',
  description:
    'A dry run passed; nothing was done. With a requestId, ECS itself checked the call (parameters, permissions, the state, quotas) and answered DryRunOperation. Without one (a bulk plan over an action that takes no DryRun), the gateway found nothing in the state, as ECS describes it, that the documented rules refuse; ECS may still refuse for what no Describe shows (a balance, a disk on an instance never started since its creation).',
  fields: (t) => ({
    action: t.exposeString('action', { description: 'The ECS action the real call would make.' }),
    requestId: t.string({
      nullable: true,
      description:
        'The RequestId of the DryRunOperation answer when ECS made the check; null when the gateway judged from Describe data.',
      resolve: (passed) => passed.requestId ?? null,
    }),
  }),
});
