"""The REST API's shared plumbing, used by every app's API and by none of their domains: the one
error body and its handler, JSON-only parsing with limits, pagination, the OpenAPI schema
helpers, throttling in the shared cache and the client address behind proxies (DESIGN §7.3).
It imports no app of the project."""
