import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Yoga answers a body that is not JSON with `extensions.originalError`: JSON.parse's
 * message, which quotes the body, so a 1 MB body of garbage came back whole. The
 * error keeps its message, code and status; the quote goes.
 */
export function useParseErrorWithoutEcho(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result) || !('errors' in result) || !result.errors) return;
      if (!result.errors.some((error) => error.extensions?.originalError !== undefined)) return;
      setResult({
        ...result,
        errors: result.errors.map((error) => {
          if (error.extensions?.originalError === undefined) return error;
          const { originalError: _quoted, http, ...extensions } = error.extensions;
          // Without `spec`, yoga keeps the 400 for application/json clients too, as it
          // did while the quote was there.
          const { spec: _spec, ...status } = (http ?? {}) as Record<string, unknown>;
          return new GraphQLError(error.message, { extensions: { ...extensions, http: status } });
        }),
      });
    },
  };
}
