"""The REST API under /api/v1, its GraphQL endpoint and the dashboard's WebSocket."""
