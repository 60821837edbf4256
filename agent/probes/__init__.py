"""Data-link probes (icmp, tcp, http, dns), modelled on blackbox_exporter's probers.

Import `agent.probes.runner.run_probes` to probe; this package imports nothing itself,
so loading one prober does not load the others' dependencies.
"""
