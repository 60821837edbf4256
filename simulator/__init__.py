"""wardwatch's simulated city: the 168 units' machines as agents, talking to a real collector.

The simulator is a client of the collector exactly as the agents are: it enrolls over
`POST /api/v1/enroll` with a ward secret and pushes reports built by the report contract
(`contract.report.build`) to `POST /api/v1/reports` with each agent's token, so it can run
on another machine as the load generator and ships no server code. It imports the report
contract, the equipment standard (to say in its plan why a machine is below standard), the
inventory (the units and the handover keys) and the agent's HTTP response reader; never the
collector (tests/architecture/test_boundaries.py).
"""
