"""The equipment standard: a DTC-edited policy file and the pure rules that apply it."""
