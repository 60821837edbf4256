"""YAML (or JSON) config files loaded into frozen dataclasses, each error naming file, line and key.

Shared by the agent, the collector, the equipment standard and the inventory; imports none
of them.
"""
