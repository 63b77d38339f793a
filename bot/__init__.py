"""One conversation turn and everything around it: agents, dialogue state, the worker, the composition root."""
