"""The assessment engine: small pure functions over the knowledge base. It returns structured
results (levels, reasons, ids), never formatted prose; renderers format."""
