"""Agents turn a user's words into tool calls over the one registry: the local agent (the offline
parser), and the cloud agent with routing between them."""
