"""The dependency agent: parses Python manifests and checks how dependencies are declared and sourced."""
