/**
 * Imported first by `src/main.ts`, before anything loads graphql: graphql-js reads
 * NODE_ENV once, as it loads, and outside production checks every `instanceof` it makes
 * for a second copy of itself, about an eighth of a request that returns 50 instances.
 * A NODE_ENV already set is kept; nothing of ours reads it.
 */
process.env.NODE_ENV ??= 'production';
