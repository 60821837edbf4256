"""Agentless collection: machines the inventory marks `agentless: ssh`, read over SSH."""
