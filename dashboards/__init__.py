"""wardwatch's Grafana dashboards, recording rules and provisioning, generated at build time.

Build-time tooling (the `dashboards` extra): the collector never imports it. The dashboards
are written to `dashboards/vi/` and `dashboards/en/`, the recording rules to
`dashboards/rules/`; `wardwatch-dashboards --check` fails when they are out of date.
"""
