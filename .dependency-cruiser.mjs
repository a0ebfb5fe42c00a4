// The import arrows of the project (README, Layout), checked by `npm run lint`:
// `depcruise src scripts` reads this file and fails on any `error` below.
// test/lint/arrows.test.ts feeds each rule a wrong import so none can pass by matching nothing.

/** Any file of this repository (relative imports; npm packages and node: builtins are not "ours"). */
const ours = ['local'];

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'spec-imports-only-spec',
      severity: 'error',
      comment:
        'src/spec/ is the ECS API as data: it imports nothing of ours outside src/spec/ (npm packages and node: builtins are fine).',
      from: { path: '^src/spec/' },
      to: { dependencyTypes: ours, pathNot: '^src/spec/' },
    },
    {
      name: 'signature-imports-nothing',
      severity: 'error',
      comment:
        'src/signature/ is shared by the client and the simulator: it imports nothing of ours outside src/signature/.',
      from: { path: '^src/signature/' },
      to: { dependencyTypes: ours, pathNot: '^src/signature/' },
    },
    {
      name: 'ecs-imports-only-spec-and-signature',
      severity: 'error',
      comment:
        'src/ecs/ is the client: it imports only src/ecs/, src/spec/ and src/signature/ (it knows nothing of loaders, GraphQL or the simulator).',
      from: { path: '^src/ecs/' },
      to: { dependencyTypes: ours, pathNot: '^src/(ecs|spec|signature)/' },
    },
    {
      name: 'ecs-knows-no-graphql',
      severity: 'error',
      comment: 'src/ecs/ is the client: it imports no GraphQL package (graphql, graphql-yoga, Pothos).',
      from: { path: '^src/ecs/' },
      to: { path: 'node_modules/(graphql|graphql-yoga|@graphql-yoga/[^/]+|@pothos/[^/]+)/' },
    },
    {
      name: 'loaders-import-only-ecs-and-spec',
      severity: 'error',
      comment:
        'src/loaders/ use the client: they import only src/loaders/, src/ecs/ and src/spec/ (never the schema or the simulator).',
      from: { path: '^src/loaders/' },
      to: { dependencyTypes: ours, pathNot: '^src/(loaders|ecs|spec)/' },
    },
    {
      name: 'shared-state-imports-only-client-and-stores',
      severity: 'error',
      comment:
        'src/shared-state/ puts the stores, the limiter and the watch hub on Redis behind their interfaces: it imports src/shared-state/, src/ecs/, src/spec/, src/idempotency/ and src/watch/ only, and no GraphQL package.',
      from: { path: '^src/shared-state/' },
      to: {
        dependencyTypes: ours,
        pathNot: '^src/(shared-state|ecs|spec|idempotency|watch)/',
      },
    },
    {
      name: 'shared-state-knows-no-graphql',
      severity: 'error',
      comment: 'src/shared-state/ knows nothing of GraphQL.',
      from: { path: '^src/shared-state/' },
      to: { path: 'node_modules/(graphql|graphql-yoga|@graphql-yoga/[^/]+|@pothos/[^/]+)/' },
    },
    {
      name: 'simulator-only-from-composition-root',
      severity: 'error',
      comment:
        'The gateway never imports src/simulator/ (the schema least of all); only the composition root (src/main.ts, src/start.ts, src/start-config.ts) embeds it.',
      from: { path: '^src/', pathNot: '^src/(simulator/|main\\.ts$|start\\.ts$|start-config\\.ts$)' },
      to: { path: '^src/simulator/' },
    },
    {
      name: 'simulator-imports-only-spec-and-signature',
      severity: 'error',
      comment:
        'src/simulator/ is a product of its own: it imports only src/simulator/, src/spec/ and src/signature/ (nothing of the client or the gateway, its settings included).',
      from: { path: '^src/simulator/' },
      to: { dependencyTypes: ours, pathNot: '^src/(simulator|spec|signature)/' },
    },
    {
      name: 'no-imports-from-tests',
      severity: 'error',
      comment:
        'Sources and scripts never import test/ or bench/: those use the code, not the other way round.',
      from: { path: '^(src|scripts)/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import cycles: a cycle ties modules into one knot that cannot be read, tested or loaded in parts (type-only imports count too).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'Every import resolves to a file or a package: an unresolved one would escape every rule above.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Type-only imports are arrows too: a type from the wrong side ties the two sides as much as a value.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    // TypeScript's NodeNext imports name the .js that tsc would write; resolve them to the .ts file.
    enhancedResolveOptions: {
      extensions: ['.ts', '.js', '.json'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
