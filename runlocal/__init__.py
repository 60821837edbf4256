"""The main job on one machine (`scripts/run-local`): the collector, this PC's agent, the
simulated city, Prometheus and Alertmanager, started together and summarised every minute.

It imports nothing of wardwatch: every part runs as its own process from its own console
script or Debian binary, configured through files written to ./var and watched over HTTP,
exactly as an operator would run them; so it is a launcher, not a part of any of them.
"""
