"""Network work shared by the probes and the transport: socket steps and HTTP/1.1 pieces."""
