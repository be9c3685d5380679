"""urban-twin viewer: a stateless Dash app over a city build (see viewer.app)."""
