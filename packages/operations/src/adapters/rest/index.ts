export * from './call-rest-route.ts';
export * from './openapi-document.ts';
export * from './rest-answer.ts';
export * from './rest-routes.ts';
