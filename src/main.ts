// The gateway is not served yet: this entry states what `npm start` will do once it is.
console.log(
  [
    'ECS GraphQL Gateway',
    'Not yet serving. When the server lands, `npm start` will start the embedded ECS simulator',
    '(when no credentials are configured) and serve GraphQL with GraphiQL at http://127.0.0.1:4000/graphql.',
  ].join('\n'),
);
