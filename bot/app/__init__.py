"""The application shell: settings, the composition root that builds every adapter, observability, and
the command line."""
